// Seeds a real store with weeks of made-up but plausible history for the performance review:
// time in each state per agent per day (with days off, so the charts have gaps) and the crash /
// restart transitions. Used by the review tests, the UI preview and the README screenshots.
import type { Store } from '../../src/core/store/index.js';
import type { StateTransition } from '../../src/shared/domain.js';

export interface SeedAgent {
  name: string;
  team: string | null;
}

export const SEED_FLEET: SeedAgent[] = [
  { name: 'api-pm', team: 'api' },
  { name: 'api-eng-1', team: 'api' },
  { name: 'api-eng-2', team: 'api' },
  { name: 'api-qa', team: 'api' },
  { name: 'web-pm', team: 'web' },
  { name: 'web-eng-1', team: 'web' },
  { name: 'web-eng-2', team: 'web' },
  { name: 'scratch', team: null },
];

const HOUR = 3_600_000;

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * `days` days up to `now`, two days off a week (nothing stored then); with `metrics`, the fleet by
 * state hourly in working hours too. Returns the day starts seeded.
 */
export function seedReviewHistory(store: Store, o: { now: number; days: number; agents?: SeedAgent[]; seed?: number; metrics?: boolean }): number[] {
  const rand = rng(o.seed ?? 18);
  const agents = o.agents ?? SEED_FLEET;
  const seeded: number[] = [];
  const transitions: StateTransition[] = [];
  for (let back = o.days - 1; back >= 0; back--) {
    const d = new Date(o.now);
    d.setHours(12, 0, 0, 0);
    d.setDate(d.getDate() - back);
    if (d.getDay() === 0 || d.getDay() === 6) continue;
    const noon = d.getTime();
    seeded.push(new Date(noon).setHours(0, 0, 0, 0));
    for (const a of agents) {
      const add = (state: Parameters<Store['metrics']['addStateTime']>[2], hours: number) => {
        if (hours > 0) store.metrics.addStateTime(a.name, noon, state, Math.round(hours * HOUR), { team: a.team });
      };
      add('busy', 2 + rand() * 5);
      add('idle', 1 + rand() * 3);
      add('waiting', rand() * (a.name.includes('pm') ? 0.3 : 1.6));
      add('unsubmitted', rand() < 0.3 ? rand() * 0.4 : 0);
      add('rate_limited', rand() < 0.25 ? 0.5 + rand() * 2.5 : 0);
      add('starting', 0.02);
      if (o.metrics && a === agents[0]) {
        // The fleet by state, hourly through the working day (nothing recorded off hours: gaps).
        for (let h = 9; h <= 18; h++) {
          const at = new Date(noon).setHours(h, 0, 0, 0);
          const busy = Math.round(agents.length * (0.3 + rand() * 0.4));
          const waiting = Math.round(rand() * 2);
          const limited = rand() < 0.2 ? 1 : 0;
          store.metrics.record(at, { 'state.busy': busy, 'state.waiting': waiting, 'state.rate_limited': limited, 'state.idle': Math.max(0, agents.length - busy - waiting - limited) });
        }
      }
      if (rand() < 0.12) {
        add('crashed', 0.2 + rand() * 0.5);
        const at = noon + Math.round(rand() * 4 * HOUR);
        const base = { agentId: `local/${a.name}`, agent: a.name, target: `${a.team ?? 'solo'}:1.0`, team: a.team, reason: '' };
        transitions.push({ ...base, from: 'busy', to: 'crashed', at });
        transitions.push({ ...base, from: 'crashed', to: 'starting', at: at + 20 * 60_000 });
      }
    }
  }
  if (transitions.length) store.transitions.addMany(transitions);
  return seeded;
}
