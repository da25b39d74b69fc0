// `tmux-orc review [--range 1d|7d|30d] [--csv] [--json]`: the performance review for the person,
// from the history database, through the contract (getReview validates the range).
import type { ApiInput } from '../../shared/api.js';
import type { PerformanceReview, ReviewTimes } from '../../shared/domain.js';
import { reviewCsv } from '../../shared/review-csv.js';
import type { CliContext } from '../context.js';
import { EXIT_OK } from '../errors.js';
import { flag, str } from '../options.js';
import type { CommandArgs } from '../spec-types.js';
import { withStoreEngine } from '../engine.js';
import { formatTable } from '../table.js';
import { formatSpan } from '../time.js';

const span = (ms: number) => (ms > 0 ? formatSpan(ms) : '-');
const share = (part: number, all: number) => (all > 0 ? `${Math.round((part / all) * 100)}%` : '-');

function columns(t: ReviewTimes): string[] {
  return [span(t.waitingMs + t.unsentMs), span(t.rateLimitedMs), share(t.busyMs, t.totalMs), String(t.crashes), String(t.restarts)];
}

const HEAD = ['WAITED ON YOU', 'RATE LIMITED', 'BUSY', 'CRASHES', 'RESTARTS'];

export function formatReview(r: PerformanceReview): string {
  const teams = formatTable(['TEAM', 'AGENTS', ...HEAD], r.teams.map((t) => [t.team ?? '(no team)', String(t.agents), ...columns(t)]));
  const agents = formatTable(['AGENT', 'TEAM', ...HEAD], r.agents.map((a) => [a.agent, a.team ?? '-', ...columns(a)]));
  const note = r.truncated ? '\n(more history than one review holds: the oldest days are left out)' : '';
  return `${teams}\n\n${agents}${note}`;
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const review = await withStoreEngine(ctx, (call) => call('getReview', { range: str(args, 'range') as NonNullable<ApiInput<'getReview'>>['range'] }));
  if (flag(args, 'csv')) ctx.out(reviewCsv(review).trimEnd());
  else if (ctx.json) ctx.out(JSON.stringify(review));
  else if (review.rows.length === 0) ctx.note('no history for this range yet (the monitor records it while it watches your agents)');
  else ctx.out(formatReview(review));
  return EXIT_OK;
}
