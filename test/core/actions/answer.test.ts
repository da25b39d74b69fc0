// Answers bound to the question, on a private tmux server with the fake agent: the `rm -rf`
// story (a Yes meant for the folder-trust prompt arrives after a Bash permission prompt has
// replaced it) types nothing, nor does an answer whose --expect, choice or prompt does not
// fit, nor one for a prompt the monitor saw appear a moment ago. The fake agent logs every key
// it reads while it asks: "nothing typed" is asserted on what the pane received.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createActions } from '../../../src/core/actions/index.js';
import { judgeAnswer } from '../../../src/core/actions/answer.js';
import { readPrompt } from '../../../src/core/agents/prompt.js';
import { createMonitor } from '../../../src/core/monitor/index.js';
import { DEFAULT_SETTINGS } from '../../../src/shared/settings.js';
import { eventually, useRig } from './helpers.js';
import { onOneHost } from '../../helpers/act.js';

const rig = useRig();
const { actions } = rig;

/** Keys the fake agent read while a question was on screen. */
function keysRead(log: string): string[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { key: string }).key);
}

async function spawnAsker(name: string) {
  const keylog = join(rig.dir, `${name}.keys.jsonl`);
  const r = await actions.spawnAgent({ name, type: 'claude', cwd: rig.dir, env: { FAKE_AGENT_KEYLOG: keylog } });
  expect(r.agent.state).toBe('idle');
  return { agent: r.agent, keylog };
}

const promptNow = async (name: string) => (await actions.look(name))?.classification.prompt ?? null;

describe('answerPrompt', () => {
  it('the rm -rf story: a Yes meant for the trust prompt, arriving after the Bash prompt replaced it, types nothing', async () => {
    const { agent, keylog } = await spawnAsker('story');
    await actions.sendMessage({ target: 'story', text: 'trust-then-ask 2s' });
    let trust: Awaited<ReturnType<typeof promptNow>> = null;
    await eventually(async () => {
      const p = await promptNow('story');
      if (p?.question.includes('trust')) trust = p;
      return trust !== null;
    }, 5_000, 'the trust prompt');
    expect(trust).toMatchObject({ approving: { kind: 'folder', text: '/work/project' }, options: [{ label: 'Yes, I trust this folder' }, { label: 'No, exit' }] });
    // The person looks away; the agent moves on to the dangerous question.
    await rig.server.waitForScreen(agent.paneId, (s) => s.includes('rm -rf ./build') && s.includes('Do you want to proceed?'));

    await expect(actions.answerPrompt({ target: 'story', choice: '1', fingerprint: trust!.fingerprint })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^the prompt changed: story now asks "Do you want to proceed\?" \(command rm -rf \.\/build\) .*nothing typed/),
    });
    // So does a CLI-style answer that names the prompt by its text instead.
    await expect(actions.answerPrompt({ target: 'story', choice: 'y', expect: 'trust this folder' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/prompt does not say "trust this folder"/),
    });
    expect(keysRead(keylog)).toEqual([]);
    const screen = await rig.server.capture(agent.paneId);
    expect(screen).toContain('Do you want to proceed?');
    expect(screen).not.toContain('Answer:');
  });

  it('refuses a choice that is not an option, y with no yes option, and an agent with no prompt; then answers the prompt meant', async () => {
    const { agent, keylog } = await spawnAsker('picky');
    await expect(actions.answerPrompt({ target: 'picky', choice: '1' })).rejects.toMatchObject({ code: 'conflict', message: expect.stringMatching(/^picky shows no prompt to answer \(idle: .*\); nothing typed$/) });
    await actions.sendMessage({ target: 'picky', text: 'ask' });
    await eventually(async () => (await promptNow('picky')) !== null, 5_000, 'the prompt');
    const p = (await promptNow('picky'))!;
    await expect(actions.answerPrompt({ target: 'picky', choice: '3' })).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringMatching(/^3 is not an option of picky's prompt .*\(1 Yes, 2 No, and tell Claude what to do differently \(esc\)\); nothing typed$/),
    });
    expect(keysRead(keylog)).toEqual([]);

    const r = await actions.answerPrompt({ target: 'picky', choice: 'n', fingerprint: p.fingerprint, expect: 'RM -RF   ./build' });
    expect(r).toMatchObject({ agentId: agent.id, keys: ['2'], option: { number: 2 }, prompt: { fingerprint: p.fingerprint, approving: { text: 'rm -rf ./build' } } });
    await rig.server.waitForScreen(agent.paneId, (s) => s.includes('Answer: No'));
    expect(keysRead(keylog)).toEqual(['2']);
  });

  it('refuses a prompt the monitor saw appear less than the settle time ago (nothing typed), answers it once settled', async () => {
    const { agent, keylog } = await spawnAsker('young');
    const monitor = createMonitor({ conn: rig.conn, store: rig.store, settings: { ...DEFAULT_SETTINGS, quietMs: 400 }, deliver: async () => undefined });
    await monitor.start();
    // As the orchestrator wires it: the monitor is the directory, so the prompt's first sighting is known.
    const settle = 60_000;
    const watched = onOneHost(createActions({ conn: rig.conn, store: rig.store, directory: { list: () => monitor.agents() }, timings: { promptSettleMs: settle } }));
    try {
      await actions.sendMessage({ target: 'young', text: 'ask' });
      const seen = await monitor.waitFor(agent.id, (a) => a.state === 'waiting' && !!a.prompt, 10_000);
      await expect(watched.answerPrompt({ target: 'young', choice: '1', fingerprint: seen.prompt!.fingerprint })).rejects.toMatchObject({
        code: 'conflict',
        message: expect.stringMatching(/^young's prompt "Do you want to proceed\?" \(command rm -rf \.\/build\) appeared \d+ ms ago; an answer waits until a prompt has shown for 60000 ms .*nothing typed/),
      });
      expect(keysRead(keylog)).toEqual([]);
      // The same prompt, older than a (short) settle time: answered.
      const settled = onOneHost(createActions({ conn: rig.conn, store: rig.store, directory: { list: () => monitor.agents() }, timings: { promptSettleMs: 1 } }));
      try {
        const r = await settled.answerPrompt({ target: 'young', choice: 'y', fingerprint: seen.prompt!.fingerprint });
        // When it first showed, as the monitor saw it (a redraw may have been read as a new sighting).
        expect(r.prompt.since).toBeGreaterThanOrEqual(seen.prompt!.since);
        expect(r.prompt.since).toBeLessThan(Date.now());
        await rig.server.waitForScreen(agent.paneId, (s) => s.includes('Answer: Yes'));
        expect(keysRead(keylog)).toEqual(['1']);
      } finally {
        settled.close();
      }
    } finally {
      watched.close();
      monitor.stop();
    }
  });
});

describe('judgeAnswer', () => {
  const prompt = readPrompt('codex', [
    '  Would you like to run the following command?',
    '  $ rm -rf ./build',
    '› 1. Yes, proceed (y)',
    "  2. Yes, and don't ask again for this command (a)",
    '  3. No, and tell Codex what to do differently (esc)',
  ].join('\n'))!;

  it('y and n pick the prompt’s own yes and no options; esc is always Escape', () => {
    expect(judgeAnswer('cx', prompt, '', { choice: 'y' }, 1000, 500)).toMatchObject({ keys: ['y'], option: { number: 1 } });
    expect(judgeAnswer('cx', prompt, '', { choice: 'n' }, 1000, 500)).toMatchObject({ keys: ['Escape'], option: { number: 3 } });
    expect(judgeAnswer('cx', prompt, '', { choice: '2' }, 1000, 500)).toMatchObject({ keys: ['a'] });
    expect(judgeAnswer('cx', prompt, '', { choice: 'esc' }, 1000, 500)).toMatchObject({ keys: ['Escape'], option: { number: 3 } });
  });

  it('refuses in order: fingerprint, expect, choice, age — one line each', () => {
    const refusal = (input: Parameters<typeof judgeAnswer>[3], age = 1000) => {
      const j = judgeAnswer('cx', prompt, '', input, age, 500);
      return 'refusal' in j ? j.refusal : null;
    };
    expect(refusal({ choice: '1', fingerprint: '0000000000000000' })).toMatch(/^the prompt changed: cx now asks "Would you like to run the following command\?" \(command rm -rf \.\/build\)/);
    expect(refusal({ choice: '1', expect: 'git push' })).toMatch(/^cx's prompt does not say "git push"/);
    expect(refusal({ choice: '4' })).toMatch(/^4 is not an option of cx's prompt/);
    expect(refusal({ choice: '1' }, 120)).toMatch(/^cx's prompt .* appeared 120 ms ago/);
    expect(refusal({ choice: '1', expect: 'RM -rf' })).toBeNull();
    const question = readPrompt('gemini', ['│ What should it be called?  │', '│ > Enter your response │', '│ Enter to submit · Esc to cancel │'].join('\n'));
    const j = judgeAnswer('gm', question, '', { choice: 'y' }, 1000, 500);
    expect('refusal' in j && j.refusal).toMatch(/^there is no yes option of gm's prompt "What should it be called\?" \(it has no options, only esc\)/);
  });
});
