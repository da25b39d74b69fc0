// Claude Code's live lifecycle under the monitor (see test/helpers/real-cli-lifecycle.ts).
import { describeLifecycle } from '../helpers/real-cli-lifecycle.js';

describeLifecycle({
  cli: 'claude',
  type: 'claude',
  exit: '/exit',
  // With an API key Claude Code shows a usage limit without its reset time; a subscription shows it.
  subscription: true,
  // Claude Code offers auto mode a moment after its box is drawn (no setting skips it): keep asking.
  prelude: async (d) => {
    const offer = await d.server.waitForScreen(d.pane, (s) => /Make auto mode your default/.test(s), 5_000).catch(() => null);
    if (!offer) return;
    await d.keys('Down');
    // Enter in the same read as Down is lost: press it once the choice has moved.
    await d.server.waitForScreen(d.pane, (s) => /❯ No, keep manual mode/.test(s), 5_000);
    // It may drop an Enter while it redraws (seen once in four runs): press again, as a person would.
    for (let tries = 1; ; tries++) {
      await d.keys('Enter');
      const gone = await d.server.waitForScreen(d.pane, (s) => !/Make auto mode your default/.test(s), 3_000).then(() => true, () => false);
      if (gone) break;
      if (tries === 3) throw new Error('the auto-mode offer stayed after three Enters');
    }
  },
});
