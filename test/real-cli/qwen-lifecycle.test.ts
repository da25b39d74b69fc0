// Qwen Code's live lifecycle under the monitor (see test/helpers/real-cli-lifecycle.ts).
import { describeLifecycle } from '../helpers/real-cli-lifecycle.js';

describeLifecycle({
  cli: 'qwen',
  type: 'qwen',
  exit: '/quit',
  // OpenAI's plain insufficient_quota it retries for minutes (busy, `Retrying in 60s… (attempt 1/10)`);
  // a quota message naming its reset time it shows at once.
  limitPrompt: 'orc-429-quota go',
  // Under the whole suite's load it once failed after 125 s (no detail kept): more room to start.
  startupS: 120,
  slowness: 1.5,
});
