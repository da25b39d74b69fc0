// The fake agent (test/fixtures/fake-agent): where it lives, and what it received. It appends
// one JSON line per submitted message to $FAKE_AGENT_LOG.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const FAKE_AGENT = resolve('test/fixtures/fake-agent/fake-agent.mjs');

/**
 * A pane command: an interactive shell (job control: the agent is the pane's foreground program)
 * that runs the fake agent and is left at its prompt when the agent exits, as when a person starts one.
 */
export const FAKE_AGENT_IN_SHELL = ['bash', '--norc', '--noprofile', '-i', '-c', `node ${FAKE_AGENT}; exec bash --norc --noprofile`];

/** The messages logged at `log`, in order ([] before the first). */
export function fakeAgentMessages(log: string): string[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => (JSON.parse(l) as { message: string }).message);
}
