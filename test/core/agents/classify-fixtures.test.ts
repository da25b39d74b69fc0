// Every screen under test/fixtures/screens (real captures by scripts/capture-screens.ts, plus
// hand-written ones marked synthetic for CLIs not installable here) must classify as its header says.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyScreen } from '../../../src/core/agents/classify.js';
import { AGENT_STATES, AGENT_TYPES, type AgentState, type AgentType } from '../../../src/shared/vocabulary.js';

const ROOT = 'test/fixtures/screens';

interface Fixture {
  file: string;
  type: AgentType;
  expect: AgentState;
  /** A second label a careful person could give (recorded by the capture script or a reviewer). */
  alt?: AgentState;
  synthetic: boolean;
  captured: string;
  input?: string;
  resetAt?: string;
  facts: { currentCommand: string; startCommand?: string; dead: boolean; deadStatus: number | null; quietMs: number; quietThresholdMs: number };
  screen: string;
}

function load(file: string): Fixture {
  const text = readFileSync(file, 'utf8');
  const newline = text.indexOf('\n');
  const first = text.slice(0, newline);
  if (!first.startsWith('#fixture ')) throw new Error(`${file}: first line must be '#fixture {json}'`);
  const header = JSON.parse(first.slice('#fixture '.length)) as Omit<Fixture, 'file' | 'screen'>;
  if (!AGENT_TYPES.includes(header.type)) throw new Error(`${file}: bad type ${header.type}`);
  if (!AGENT_STATES.includes(header.expect)) throw new Error(`${file}: bad state ${header.expect}`);
  if (header.alt !== undefined && !AGENT_STATES.includes(header.alt)) throw new Error(`${file}: bad alt state ${header.alt}`);
  return { ...header, file, screen: text.slice(newline + 1) };
}

const fixtures = readdirSync(ROOT, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) =>
    readdirSync(join(ROOT, d.name))
      .filter((f) => f.endsWith('.txt'))
      .map((f) => load(join(ROOT, d.name, f))),
  );

describe('classifier on captured screens', () => {
  it('has real screens of every state each real CLI reaches', () => {
    const real = (dir: string) => new Set(fixtures.filter((f) => f.file.includes(`/${dir}/`) && !f.synthetic).map((f) => f.expect));
    const want: Record<string, AgentState[]> = {
      claude: ['starting', 'waiting', 'idle', 'unsubmitted', 'busy', 'rate_limited', 'error', 'crashed'],
      codex: ['waiting', 'idle', 'unsubmitted', 'busy', 'rate_limited', 'error', 'crashed'],
      gemini: ['waiting', 'idle', 'unsubmitted', 'busy', 'rate_limited', 'error', 'crashed'],
      qwen: ['waiting', 'idle', 'unsubmitted', 'busy', 'error', 'crashed'],
      opencode: ['waiting', 'idle', 'unsubmitted', 'busy', 'rate_limited', 'error', 'crashed'],
      fake: ['idle', 'busy', 'waiting', 'unsubmitted', 'rate_limited', 'crashed', 'error'],
    };
    for (const [dir, states] of Object.entries(want)) expect({ dir, missing: states.filter((s) => !real(dir).has(s)) }).toEqual({ dir, missing: [] });
  });

  it.each(fixtures.map((f) => [f.file.slice(ROOT.length + 1), f] as const))('%s', (_name, f) => {
    const now = Date.parse(f.captured);
    const c = classifyScreen(f.type, f.screen, { ...f.facts, now });
    const right = c.state === f.expect || (f.alt !== undefined && c.state === f.alt);
    expect(right ? f.expect : { state: c.state, reason: c.reason }).toEqual(f.expect);
    expect(c.reason.startsWith(`${c.state}:`)).toBe(true);
    if (f.input !== undefined) expect(c.input).toBe(f.input);
    if (c.state === 'idle') expect(c.input === '' || f.type === 'generic').toBe(true);
    if (c.state === 'unsubmitted') expect(c.input).toBeTruthy();
    // A reset time must be parsed whenever the screen shows one (`resets 9am`, `try again at …`).
    if (c.state === 'rate_limited' && /\b(?:resets?|try again|Retrying in)\b[^\n]*\d/i.test(f.screen)) {
      expect(c.resetAt).not.toBeNull();
      expect(c.resetAt ?? 0).toBeGreaterThan(now);
      if (f.resetAt) expect(new Date(c.resetAt ?? 0).toISOString()).toBe(f.resetAt);
    }
  });
});
