// The live lifecycle of the real Gemini CLI under the monitor (see test/helpers/real-cli-lifecycle.ts).
import { describeLifecycle } from '../helpers/real-cli-lifecycle.js';

describeLifecycle({
  cli: 'gemini',
  type: 'gemini',
  exit: '/quit',
  noResetTime: "its usage-limit dialog names the limit and offers Keep trying / Stop; the API's RetryInfo delay is not shown",
  // The dialog ignores Esc: `2. Stop` closes it.
  afterRateLimit: async (d) => {
    await d.keys('2');
    await d.server.waitForScreen(d.pane, (s) => !/1\. Keep trying/.test(s), 10_000);
  },
});
