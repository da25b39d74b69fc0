// Programs some suites need that a fresh machine may lack: Chromium (the browser end-to-end
// suites, the README screenshots) and OpenSSH's server and client (the remote-host suites).
// One finder per program, used by every test and script that needs it. Without a program those
// suites skip, and the test run says once (global-setup) what to install; under CI=true what
// is missing is required instead, and the run fails.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

export type Tool = 'chromium' | 'sshd';

/** The Debian package that provides each tool. */
export const TOOL_PACKAGE: Record<Tool, string> = { chromium: 'chromium', sshd: 'openssh-server' };

/** Names the browser goes by on PATH, in order of preference. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
/** Where browsers live outside PATH (macOS applications). */
const CHROMIUM_APPS = [
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
];
/** sshd lives in an sbin directory, which a user's PATH often lacks. */
const SBIN_DIRS = ['/usr/sbin', '/usr/local/sbin', '/sbin'];

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** The first of `names` found in `dirs` (default: the directories of PATH), as a full path. */
export function findProgram(names: readonly string[], env: NodeJS.ProcessEnv = process.env, extraDirs: readonly string[] = []): string | null {
  const dirs = [...(env.PATH ?? '').split(delimiter).filter(Boolean), ...extraDirs];
  for (const name of names) {
    for (const dir of dirs) {
      const path = join(dir, name);
      if (isExecutableFile(path)) return path;
    }
  }
  return null;
}

/** The browser: CHROMIUM_PATH when set, else chromium / chromium-browser / google-chrome on PATH. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | null {
  const given = env.CHROMIUM_PATH;
  if (given) return isExecutableFile(given) ? given : null;
  return findProgram(CHROMIUM_NAMES, env) ?? CHROMIUM_APPS.find(isExecutableFile) ?? null;
}

/** OpenSSH's server: on PATH or in an sbin directory. */
export function findSshd(env: NodeJS.ProcessEnv = process.env): string | null {
  return findProgram(['sshd'], env, SBIN_DIRS);
}

/** Why the tool cannot be used here, or null when it can. */
export function toolProblem(tool: Tool, env: NodeJS.ProcessEnv = process.env): string | null {
  if (tool === 'chromium') {
    if (findChromium(env)) return null;
    return env.CHROMIUM_PATH
      ? `CHROMIUM_PATH=${env.CHROMIUM_PATH} is not an executable file`
      : `no browser on PATH (${CHROMIUM_NAMES.join(', ')}) and CHROMIUM_PATH unset`;
  }
  if (!findSshd(env)) return 'sshd not found (on PATH or in /usr/sbin)';
  for (const client of ['ssh', 'ssh-keygen']) {
    if (!findProgram([client], env)) return `${client} not found on PATH`;
  }
  return null;
}

export interface MissingTool {
  tool: Tool;
  why: string;
}

export function missingTools(env: NodeJS.ProcessEnv = process.env): MissingTool[] {
  return (Object.keys(TOOL_PACKAGE) as Tool[]).flatMap((tool) => {
    const why = toolProblem(tool, env);
    return why ? [{ tool, why }] : [];
  });
}

/** Whether CI is asking: then every suite must run, nothing may skip for want of a program. */
export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!env.CI && env.CI !== 'false' && env.CI !== '0';
}

const SUITES: Record<Tool, string> = { chromium: 'browser (Chromium)', sshd: 'remote-host (SSH)' };

/** The one line a run prints about what it skips (or, under CI, why it fails), or null when nothing is missing. */
export function missingToolsLine(missing: readonly MissingTool[], ci: boolean): string | null {
  if (missing.length === 0) return null;
  const suites = missing.map((m) => `${SUITES[m.tool]} suites (${m.why})`).join(' and ');
  const install = `apt install ${missing.map((m) => TOOL_PACKAGE[m.tool]).join(' ')}`;
  return ci ? `CI=true requires the ${suites}: ${install}` : `Skipping the ${suites}: ${install}`;
}

/**
 * For a suite's `describe.skipIf(...)`: true when the tool is missing (the suite skips; the run
 * already printed why), false when it is here. Under CI=true a missing tool throws instead, so
 * the suite fails rather than skip.
 */
export function skipWithout(tool: Tool, env: NodeJS.ProcessEnv = process.env): boolean {
  const why = toolProblem(tool, env);
  if (!why) return false;
  if (isCi(env)) throw new Error(missingToolsLine([{ tool, why }], true)!);
  return true;
}
