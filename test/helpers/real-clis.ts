// The real agent CLIs (installed by scripts/install-real-clis.sh into a cache outside the repo)
// and how to run each one offline against the model-API stand-in (test/helpers/model-api):
// a scratch HOME per CLI with the config that skips what can be skipped of the first run
// (onboarding, folder trust, auto-update, auto-approval modes), and dummy keys.
// Locally a test skips with one clear line when a CLI is absent; under CI=true it fails.
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const REAL_CLIS = ['claude', 'codex', 'gemini', 'qwen', 'opencode'] as const;
export type RealCli = (typeof REAL_CLIS)[number];

export const REAL_CLI_BIN_DIR =
  process.env.ORC_CLI_BIN ?? join(process.env.ORC_CLI_CACHE ?? join(homedir(), '.cache/tmux-orc/real-clis'), 'node_modules/.bin');

/**
 * A scratch folder for CLI homes and projects, beside the cache rather than under /tmp: Codex
 * will not set up its sandbox helper under a temporary directory (its commands then fail).
 * The caller removes it.
 */
export function realCliScratch(label: string): string {
  const root = join(process.env.ORC_CLI_CACHE ?? join(homedir(), '.cache/tmux-orc/real-clis'), '..', 'scratch');
  mkdirSync(root, { recursive: true });
  return mkdtempSync(join(root, `${label}-`));
}

/** The CLI's binary, or null when it is not installed. */
export function realCliPath(cli: RealCli): string | null {
  const bin = join(REAL_CLI_BIN_DIR, cli);
  return existsSync(bin) ? bin : null;
}

const warned = new Set<RealCli>();

/**
 * Why a test of `cli` cannot run (for `describe.skipIf`), or null when it can. Under CI=true a
 * missing CLI throws: CI installs them (.ci/run), so absence there is a failure, not a skip.
 */
export function realCliMissing(cli: RealCli): string | null {
  if (realCliPath(cli)) return null;
  const why = `${cli} is not installed in ${REAL_CLI_BIN_DIR} (run scripts/install-real-clis.sh)`;
  if (process.env.CI === 'true') throw new Error(`CI must have the real CLIs: ${why}`);
  if (!warned.has(cli)) {
    warned.add(cli);
    console.warn(`skipping real-CLI tests: ${why}`);
  }
  return why;
}

export interface CliRun {
  cli: RealCli;
  /** The program and its arguments, for a pane. */
  argv: string[];
  /** Environment for the pane (HOME, keys, base URLs). */
  env: Record<string, string>;
  home: string;
  /** The project folder it runs in (pre-trusted). */
  work: string;
}

/** opencode-ai's version in scripts/install-real-clis.sh (its plugin SDK has the same version). */
const OPENCODE_VERSION = '1.18.33';

export const DUMMY_ANTHROPIC_KEY = 'sk-ant-api03-dummy-key-for-orc-tests-000000000000';

function write(file: string, text: string): void {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
}

/**
 * Scratch HOME and project under `root` for `cli`, configured to talk to the stand-in at
 * `apiUrl`. `subscription` (Claude Code only): a dummy OAuth token instead of an API key, which
 * shows the subscription screens (session/weekly limits with reset times).
 */
export function prepareCli(cli: RealCli, apiUrl: string, root: string, opts: { subscription?: boolean } = {}): CliRun {
  const bin = realCliPath(cli);
  if (!bin) throw new Error(realCliMissing(cli) ?? `${cli} missing`);
  const home = join(root, `${cli}-home`);
  const work = join(root, `${cli}-project`);
  mkdirSync(home, { recursive: true });
  mkdirSync(work, { recursive: true });
  // XDG_* too: the test run sets XDG_CONFIG_HOME (global-setup), and opencode reads its config
  // from there before HOME (it then ran its default remote model, not the stand-in's).
  const xdg = { XDG_CONFIG_HOME: join(home, '.config'), XDG_DATA_HOME: join(home, '.local/share'), XDG_STATE_HOME: join(home, '.local/state'), XDG_CACHE_HOME: join(home, '.cache') };
  const base = { HOME: home, ...xdg, COLORTERM: 'truecolor', HISTFILE: '', LANG: 'C.UTF-8' };
  switch (cli) {
    case 'claude': {
      const key = DUMMY_ANTHROPIC_KEY;
      write(
        join(home, '.claude.json'),
        JSON.stringify({
          hasCompletedOnboarding: true,
          theme: 'dark',
          customApiKeyResponses: { approved: [key.slice(-20)], rejected: [] },
          projects: { [work]: { hasTrustDialogAccepted: true, hasCompletedProjectOnboarding: true } },
        }),
      );
      // Auto mode (the default since 2.1.3xx) would approve tools itself: ask, as most people run it.
      write(join(home, '.claude/settings.json'), JSON.stringify({ permissions: { defaultMode: 'default' }, autoUpdates: false }));
      const auth: Record<string, string> = opts.subscription ? { CLAUDE_CODE_OAUTH_TOKEN: 'sk-ant-oat01-dummy-token-for-orc-tests' } : { ANTHROPIC_API_KEY: key };
      return { cli, argv: [bin], home, work, env: { ...base, ...auth, ANTHROPIC_BASE_URL: apiUrl, DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_MAX_RETRIES: '2' } };
    }
    case 'codex': {
      const codexHome = join(home, '.codex');
      write(
        join(codexHome, 'config.toml'),
        [
          'model = "orc-model"',
          'model_provider = "orc"',
          'approval_policy = "on-request"',
          'sandbox_mode = "workspace-write"',
          'check_for_update_on_startup = false',
          // The stand-in's model is unknown to Codex: say it streams reasoning summaries.
          'model_reasoning_summary = "detailed"',
          'model_supports_reasoning_summaries = true',
          '',
          '[model_providers.orc]',
          'name = "orc stand-in"',
          `base_url = "${apiUrl}/v1"`,
          'wire_api = "responses"',
          'env_key = "OPENAI_API_KEY"',
          'request_max_retries = 1',
          'stream_max_retries = 1',
          '',
          `[projects."${work}"]`,
          'trust_level = "trusted"',
          '',
        ].join('\n'),
      );
      // --no-daemon: the background app-server would not pick up a later config change.
      return { cli, argv: [bin, '--no-daemon'], home, work, env: { ...base, CODEX_HOME: codexHome, OPENAI_API_KEY: 'sk-dummy-key-for-orc-tests' } };
    }
    case 'gemini':
    case 'qwen': {
      const dir = join(home, cli === 'gemini' ? '.gemini' : '.qwen');
      const settings = {
        security: { auth: { selectedType: cli === 'gemini' ? 'gemini-api-key' : 'openai' }, folderTrust: { enabled: false } },
        // Gemini CLI's keys; Qwen Code's are enableAutoUpdate (it ran `npm view` for updates at every start otherwise).
        general: cli === 'gemini' ? { disableAutoUpdate: true, disableUpdateNag: true } : { enableAutoUpdate: false },
        ui: { theme: 'Default', autoModeAcknowledged: true },
        privacy: { usageStatisticsEnabled: false },
        telemetry: { enabled: false },
        ...(cli === 'qwen'
          ? {
              model: { name: 'orc-model' },
              tools: { approvalMode: 'default' },
              // After each turn Qwen Code asks the model for a follow-up suggestion: a second request
              // per turn, and seconds of work during which keys typed show late (4 s here).
              ui: { theme: 'Default', autoModeAcknowledged: true, enableFollowupSuggestions: false },
            }
          : {}),
      };
      write(join(dir, 'settings.json'), JSON.stringify(settings, null, 2));
      const env: Record<string, string> =
        cli === 'gemini'
          ? { GEMINI_API_KEY: 'dummy-gemini-key-for-orc-tests', GOOGLE_GEMINI_BASE_URL: apiUrl }
          : {
              OPENAI_API_KEY: 'sk-dummy-key-for-orc-tests',
              OPENAI_BASE_URL: `${apiUrl}/v1`,
              OPENAI_MODEL: 'orc-model',
              // Qwen Code starts its 54 MB bundle, then starts it again in a child process (to
              // set heap flags): this skips the second start, half its start-up CPU (7 s → 4 s here).
              QWEN_CODE_NO_RELAUNCH: 'true',
            };
      return { cli, argv: [bin], home, work, env: { ...base, ...env } };
    }
    case 'opencode': {
      write(
        join(home, '.config/opencode/opencode.json'),
        JSON.stringify(
          {
            autoupdate: false,
            share: 'disabled',
            model: 'orc/orc-model',
            small_model: 'orc/orc-model',
            provider: {
              orc: {
                npm: '@ai-sdk/openai-compatible',
                name: 'orc stand-in',
                options: { baseURL: `${apiUrl}/v1`, apiKey: 'sk-dummy-key-for-orc-tests' },
                models: { 'orc-model': { name: 'orc model', tool_call: true, limit: { context: 200000, output: 8192 } } },
              },
            },
            permission: { bash: 'ask', edit: 'ask' },
          },
          null,
          2,
        ),
      );
      // At every start opencode installs its plugin SDK (@opencode-ai/plugin, 64 MB with npm's
      // Arborist from the registry) into its config folder unless the folder's lock file already
      // names it: a first run waited on that download (offline it never completes). No plugin is
      // configured, so nothing loads it: the lock naming it is all opencode checks.
      const sdk = { '@opencode-ai/plugin': OPENCODE_VERSION };
      write(join(home, '.config/opencode/package.json'), JSON.stringify({ dependencies: sdk }));
      write(join(home, '.config/opencode/package-lock.json'), JSON.stringify({ name: 'opencode', lockfileVersion: 3, packages: { '': { dependencies: sdk } } }));
      mkdirSync(join(home, '.config/opencode/node_modules'), { recursive: true });
      return {
        cli,
        argv: [bin],
        home,
        work,
        env: {
          ...base,
          OPENCODE_DISABLE_MODELS_FETCH: '1', // models.dev's catalogue: the stand-in's model is configured here
          OPENCODE_DISABLE_AUTOUPDATE: '1',
          OPENCODE_DISABLE_LSP_DOWNLOAD: '1',
          OPENCODE_DISABLE_CLAUDE_CODE: '1', // it reads ~/.claude (from the passwd home, not HOME) otherwise
        },
      };
    }
  }
}
