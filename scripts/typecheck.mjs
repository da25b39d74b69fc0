// `npm run typecheck`: both TypeScript projects. The Electron shell (src/main, src/preload and
// their tests) needs the electron package's types; electron is an optional dependency, and npm
// drops it whole when its binary download fails, so such an install checks everything else and
// says so in one line. Under CI=true the shell is required: a missing electron package fails.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const ci = !!process.env.CI && process.env.CI !== 'false' && process.env.CI !== '0';

function hasElectronTypes() {
  try {
    return existsSync(join(dirname(require.resolve('electron/package.json')), 'electron.d.ts'));
  } catch {
    return false;
  }
}

let nodeProject = 'tsconfig.node.json';
if (!hasElectronTypes()) {
  const why = 'the electron package is not installed (its binary download failed); `ELECTRON_SKIP_BINARY_DOWNLOAD=1 npm install` installs it without the binary';
  if (ci) {
    console.error(`CI=true requires type-checking src/main and src/preload, but ${why}`);
    process.exit(1);
  }
  console.warn(`Not type-checking src/main and src/preload: ${why}`);
  nodeProject = 'tsconfig.node.sans-electron.json';
}

for (const project of [nodeProject, 'tsconfig.web.json']) {
  const r = spawnSync(process.execPath, [tsc, '--noEmit', '-p', project], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
