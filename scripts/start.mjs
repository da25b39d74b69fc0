// `npm start`: the desktop app when the Electron binary is installed; otherwise one line
// saying so, then the same UI served to the browser by `tmux-orc serve`.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The Electron binary's path, or why there is none. */
function electronBinary() {
  try {
    require.resolve('electron/package.json');
  } catch {
    // electron is an optional dependency: npm drops it when its binary download fails.
    return { why: 'the electron package is not installed (its download failed during `npm install`; run `npm install` again where the download works)' };
  }
  try {
    return { path: require('electron') }; // throws when the binary was never downloaded
  } catch {
    return { why: 'the Electron binary is not installed (e.g. ELECTRON_SKIP_BINARY_DOWNLOAD=1; `node node_modules/electron/install.js` adds it)' };
  }
}

// Ctrl-C reaches the child too (same process group): let it close cleanly and exit with its code.
const run = (cmd, args) =>
  new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: 'inherit' });
    const ignore = () => {};
    process.on('SIGINT', ignore);
    process.on('SIGTERM', () => child.kill('SIGTERM'));
    child.on('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      resolve(code ?? (signal ? 128 + (signal === 'SIGINT' ? 2 : 15) : 1));
    });
  });

const bin = electronBinary();
let code;
if (bin.path) {
  const { electronSqliteBinding } = await import('./electron-sqlite.mjs');
  try {
    process.env.ORC_SQLITE_BINDING = await electronSqliteBinding();
  } catch (err) {
    console.error(`Could not build better-sqlite3 for Electron (${err.message}); try \`npx electron-builder install-app-deps\`.`);
    process.exit(1);
  }
  code = await run(process.execPath, ['node_modules/electron-vite/bin/electron-vite.js', 'preview']);
} else {
  console.log(`No desktop app: ${bin.why}. Serving the same UI in your browser instead.`);
  code = await run(process.execPath, ['bin/tmux-orc.js', 'serve', '--open', ...process.argv.slice(2)]);
}
process.exit(code);
