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
  synthetic: boolean;
  captured: string;
  input?: string;
  resetAt?: string;
  facts: { currentCommand: string; dead: boolean; deadStatus: number | null; quietMs: number; quietThresholdMs: number };
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
  it('has real screens for every Claude Code state and waiting/idle/busy for Gemini CLI', () => {
    const real = (dir: string) => new Set(fixtures.filter((f) => f.file.includes(`/${dir}/`) && !f.synthetic).map((f) => f.expect));
    const claude = real('claude');
    for (const s of ['starting', 'waiting', 'idle', 'unsubmitted', 'busy', 'error', 'crashed'] as const) expect(claude).toContain(s);
    const gemini = real('gemini');
    for (const s of ['waiting', 'idle', 'busy'] as const) expect(gemini).toContain(s);
    const fake = real('fake');
    for (const s of ['idle', 'busy', 'waiting', 'unsubmitted', 'rate_limited', 'crashed', 'error'] as const) expect(fake).toContain(s);
  });

  it.each(fixtures.map((f) => [f.file.slice(ROOT.length + 1), f] as const))('%s', (_name, f) => {
    const now = Date.parse(f.captured);
    const c = classifyScreen(f.type, f.screen, { ...f.facts, now });
    expect({ state: c.state, reason: c.reason }).toMatchObject({ state: f.expect });
    expect(c.reason.startsWith(`${c.state}:`)).toBe(true);
    if (f.input !== undefined) expect(c.input).toBe(f.input);
    if (f.expect === 'idle') expect(c.input === '' || f.type === 'generic').toBe(true);
    if (f.expect === 'unsubmitted') expect(c.input).toBeTruthy();
    // A reset time must be parsed whenever the screen shows one (`resets 9am`, `try again at …`).
    if (f.expect === 'rate_limited' && /\b(?:resets?|try again|Retrying in)\b[^\n]*\d/i.test(f.screen)) {
      expect(c.resetAt).not.toBeNull();
      expect(c.resetAt ?? 0).toBeGreaterThan(now);
      if (f.resetAt) expect(new Date(c.resetAt ?? 0).toISOString()).toBe(f.resetAt);
    }
  });
});
