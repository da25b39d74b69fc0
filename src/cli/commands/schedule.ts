// `tmux-orc schedule (--at TIME | --in DURATION | --every DURATION) TARGET TEXT|-`,
// `tmux-orc schedule list`, `tmux-orc schedule cancel ID`: check-ins kept in the store and
// delivered by whoever runs the monitor (the app, serve or tmux-orc monitor).
import type { ScheduleRecord } from '../../shared/domain.js';
import type { CliContext } from '../context.js';
import { withEngine } from '../engine.js';
import { EXIT_OK, UsageError } from '../errors.js';
import { textArg } from '../input.js';
import { idArg, str } from '../options.js';
import type { CommandArgs } from '../spec-types.js';
import { formatTable } from '../table.js';
import { formatSpan, formatTime, parseDuration, parseTime } from '../time.js';

function when(args: CommandArgs): { at?: number; inMs?: number; everyMs?: number } {
  const at = str(args, 'at');
  const inn = str(args, 'in');
  const every = str(args, 'every');
  const given = [at, inn, every].filter((v) => v !== undefined).length;
  if (given !== 1) throw new UsageError('give one of --at TIME, --in DURATION or --every DURATION', 'schedule');
  try {
    if (at !== undefined) return { at: parseTime(at) };
    if (inn !== undefined) return { inMs: parseDuration(inn, '--in') };
    return { everyMs: parseDuration(every!, '--every') };
  } catch (err) {
    throw new UsageError((err as Error).message, 'schedule');
  }
}

export function formatSchedules(rows: readonly ScheduleRecord[]): string {
  return formatTable(
    ['ID', 'NEXT', 'REPEAT', 'TARGET', 'TEXT'],
    rows.map((s) => [String(s.id), formatTime(s.nextAt), s.everyMs ? `every ${formatSpan(s.everyMs)}` : 'once', s.target, s.text]),
  );
}

export async function run(ctx: CliContext, args: CommandArgs): Promise<number> {
  const [target, raw] = args.positionals as [string, string];
  const w = when(args);
  const text = await textArg(raw);
  const rec = await withEngine(ctx, (call) => call('schedule', { target, text, ...w }));
  if (ctx.json) ctx.out(JSON.stringify(rec));
  else ctx.out(`scheduled #${rec.id}: ${rec.target} at ${formatTime(rec.nextAt)}${rec.everyMs ? `, then every ${formatSpan(rec.everyMs)}` : ''}`);
  return EXIT_OK;
}

export async function list(ctx: CliContext): Promise<number> {
  const rows = await withEngine(ctx, (call) => call('listSchedules'));
  if (ctx.json) ctx.out(JSON.stringify(rows));
  else if (rows.length === 0) ctx.note('no schedules');
  else ctx.out(formatSchedules(rows));
  return EXIT_OK;
}

export async function cancel(ctx: CliContext, args: CommandArgs): Promise<number> {
  const id = idArg(args, 'schedule', 'schedule cancel');
  await withEngine(ctx, (call) => call('cancelSchedule', { id }));
  ctx.out(`cancelled #${id}`);
  return EXIT_OK;
}
