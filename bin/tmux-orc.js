#!/usr/bin/env node
// The `tmux-orc` command: loads the bundled CLI (built by `npm install` via prepare).
import('../dist/cli/tmux-orc.mjs').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli')) {
    process.stderr.write('tmux-orc: the CLI is not built; run `npm install` (or `npm run build:cli`) in the checkout\n');
    process.exit(1);
  }
  throw err;
});
