// Any command: judged by activity alone. Busy while output flows, idle after the quiet time,
// crashed when the pane is dead, or back at a shell when the command itself was not a shell.
import { isShell, result, type Classification, type PaneFacts } from './common.js';

export function classifyGeneric(_screen: string, facts: PaneFacts): Classification {
  if (facts.dead) {
    const status = facts.deadStatus == null ? '' : ` (exit ${facts.deadStatus})`;
    return result('crashed', `crashed: pane is dead${status}`);
  }
  // A shell started as the agent is alive while it runs; only a non-shell command that left
  // the pane at a shell has exited.
  if (facts.startCommand && !isShell(facts.startCommand) && isShell(facts.currentCommand))
    return result('crashed', `crashed: back at the shell (${facts.currentCommand})`);
  if (facts.quietMs < facts.quietThresholdMs) return result('busy', `busy: output within the last ${Math.round(facts.quietMs / 100) / 10}s`);
  return result('idle', `idle: quiet for ${Math.round(facts.quietMs / 1000)}s`);
}
