// opencode's live lifecycle under the monitor (see test/helpers/real-cli-lifecycle.ts).
import { describeLifecycle } from '../helpers/real-cli-lifecycle.js';

describeLifecycle({
  cli: 'opencode',
  type: 'opencode',
  exit: '/exit',
  // ~13 s of CPU to start, its TUI redraws at 30 fps: slow on a shared 2-core machine.
  startupS: 120,
  slowness: 2,
  // OpenAI's plain insufficient_quota (and a quota message) it retries every few seconds, the
  // message cut at the footer's width; a usage limit with retry-after it waits out, showing
  // `[retrying in 1h 59m | attempt #1]`.
  limitPrompt: 'orc-429-wait go',
  // A context-limit error it answers by compacting the conversation and carrying on.
  errorPrompt: 'orc-401 go',
  // The wait is a turn still running: Esc, and Esc again (`esc again to interrupt`), ends it.
  afterRateLimit: async (d) => {
    await d.keys('Escape');
    await d.server.waitForScreen(d.pane, (s) => /esc again to interrupt/.test(s), 10_000);
    await d.keys('Escape');
  },
  afterRateLimitState: 'idle',
});
