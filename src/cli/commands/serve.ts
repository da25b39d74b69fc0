// `tmux-orc serve [--port P] [--host H] [--open]`: the monitor plus the web dashboard (the
// renderer build over HTTP, the contract over a WebSocket, behind a token). Prints one line:
// the URL with the token. Ctrl-C closes cleanly.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { keepServing, untilAborted, type CliContext } from '../context.js';
import { openEngine } from '../engine.js';
import { CliFailure, EXIT_OK, UsageError } from '../errors.js';
import { flag, str } from '../options.js';
import { packageRoot } from '../paths.js';
import { uiNeedsBuild } from '../ui-build.js';
import type { CommandArgs } from '../spec-types.js';
import { defaultConfigDir } from '../../core/paths.js';

type ServerModule = typeof import('../../server/index.js');

/** Build the renderer with electron-vite (progress on stderr); a clear line when it cannot. */
async function buildUi(ctx: CliContext, root: string): Promise<void> {
  const bin = join(root, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js');
  if (!existsSync(bin)) {
    throw new CliFailure(`the web UI is not built (no ${join(root, 'out', 'renderer')}); run \`npm run build\` in ${root}`);
  }
  ctx.note('tmux-orc: building the web UI (electron-vite build)…');
  const child = spawn(process.execPath, [bin, 'build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const code = await new Promise<number | null>((res, rej) => {
    child.once('error', rej);
    child.once('exit', res);
  });
  if (code !== 0) throw new CliFailure(`building the web UI failed (exit ${code}); run \`npm run build\` in ${root} to see why`);
}

function openBrowser(ctx: CliContext, url: string): void {
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    ctx.note('tmux-orc: no display here: open the URL above in a browser');
    return;
  }
  const child = spawn('xdg-open', [url], { detached: true, stdio: 'ignore' });
  child.on('error', () => ctx.note('tmux-orc: could not run xdg-open: open the URL above in a browser'));
  child.unref();
}

function portOption(args: CommandArgs): number | undefined {
  const p = str(args, 'port');
  if (p === undefined) return undefined;
  const n = Number(p);
  if (!/^\d+$/.test(p) || n > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${p}"`, 'serve');
  return n;
}

/**
 * The token kept in the config directory (so tabs and bookmarks survive restarts), or a new
 * one with --new-token. Not keepable (read-only home): this run's own token, said so; a
 * rotation asked for and not kept fails.
 */
function serveToken(ctx: CliContext, s: Pick<ServerModule, 'keptToken' | 'newToken'>, rotate: boolean): string {
  const dir = defaultConfigDir();
  try {
    const kept = s.keptToken(dir, { rotate });
    if (kept.replaced) ctx.note(`tmux-orc: warning: ${kept.replaced}: made a new access token`);
    if (rotate) ctx.note('tmux-orc: a new access token: tabs opened with the old URL must open the new one');
    return kept.token;
  } catch (err) {
    const why = `the access token cannot be kept in ${dir} (${(err as Error).message})`;
    if (rotate) throw new CliFailure(`${why}; the old token still stands`);
    ctx.note(`tmux-orc: warning: ${why}: it changes at the next start`);
    return s.newToken();
  }
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const port = portOption(args);
  const root = packageRoot();
  const given = str(args, 'static');
  const staticDir = given ? resolve(given) : join(root, 'out', 'renderer');
  if (given) {
    if (!existsSync(join(staticDir, 'index.html'))) throw new CliFailure(`${staticDir} holds no index.html; point --static at a renderer build`);
  } else if (uiNeedsBuild(root, staticDir)) {
    await buildUi(ctx, root);
  }
  const web = await import('../../server/index.js');
  const { startWebServer, DEFAULT_WEB_PORT } = web;
  const token = serveToken(ctx, web, flag(args, 'new-token'));
  const { orc } = await openEngine(ctx, { monitor: true, shell: 'web' });
  let server;
  try {
    server = await startWebServer({
      engine: orc,
      token,
      staticDir,
      host: str(args, 'host'),
      port: port ?? DEFAULT_WEB_PORT,
      log: (line) => ctx.note(`tmux-orc: ${line}`),
    });
  } catch (err) {
    await orc.close();
    throw err;
  }
  ctx.out(server.url);
  for (const w of server.warnings) ctx.note(`tmux-orc: warning: ${w}`);
  if (flag(args, 'open')) openBrowser(ctx, server.url);
  const stopGuard = keepServing(ctx);
  await untilAborted(ctx.signal);
  stopGuard();
  await server.close();
  await orc.close();
  return EXIT_OK;
}
