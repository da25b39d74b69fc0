// better-sqlite3 under Electron needs a build for Electron's ABI, while the CLI and the tests use
// Node's. Rather than rebuilding node_modules in place (which would break the CLI), build a
// second copy once, keep its .node file in node_modules/.cache, and let main load it through
// better-sqlite3's `nativeBinding` option (ORC_SQLITE_BINDING). The packaged app does not need
// this: electron-builder rebuilds native modules for Electron itself.
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);

export async function electronSqliteBinding(root = process.cwd()) {
  const electronVersion = require('electron/package.json').version;
  const sqliteVersion = require('better-sqlite3/package.json').version;
  const cacheDir = resolve(root, 'node_modules/.cache/orc-electron-sqlite', `${sqliteVersion}-electron-${electronVersion}`);
  const binding = join(cacheDir, 'better_sqlite3.node');
  if (existsSync(binding)) return binding;

  console.log(`Building better-sqlite3 ${sqliteVersion} for Electron ${electronVersion} (once)…`);
  const work = mkdtempSync(join(tmpdir(), 'orc-electron-sqlite-'));
  try {
    const moduleDir = join(work, 'node_modules/better-sqlite3');
    cpSync(resolve(root, 'node_modules/better-sqlite3'), moduleDir, { recursive: true });
    rmSync(join(moduleDir, 'build'), { recursive: true, force: true });
    const { rebuild } = await import('@electron/rebuild');
    await rebuild({ buildPath: work, electronVersion, onlyModules: ['better-sqlite3'], force: true });
    mkdirSync(cacheDir, { recursive: true });
    cpSync(join(moduleDir, 'build/Release/better_sqlite3.node'), binding);
    return binding;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
