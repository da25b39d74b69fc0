// Answering a prompt, bound to the prompt the caller saw. Under the pane's lock the screen is
// read again and nothing is typed unless that very prompt is still there: same fingerprint,
// holding the expected text, offering the choice, and not just appeared (a click aimed at the
// prompt before it — the stale Yes that approved `rm -rf ./build` — lands on nothing).
import { ApiError, type ApiParsedInput } from '../../shared/api.js';
import type { AgentInfo, AgentPrompt, AnswerResult, PromptOption } from '../../shared/domain.js';
import type { ScreenPrompt } from '../agents/index.js';
import type { ActionContext } from './context.js';
import type { Look } from './observe.js';

/** What an answer is judged on (the contract's answerPrompt fields). */
export type AnswerInput = Pick<ApiParsedInput<'answerPrompt'>, 'choice' | 'expect' | 'fingerprint'>;

const YES = /^(?:yes|allow|trust|approve|proceed|accept|continue|ok)\b/i;
const NO = /^(?:no|reject|deny|don['’]t|do not|cancel|exit|decline)\b/i;

/** Case and spacing ignored: how `expect` is matched against the prompt. */
const squashed = (s: string): string => s.toLowerCase().replace(/\s+/g, ' ').trim();

/** Everything a prompt says: its question, what it approves and its options. */
export function promptText(p: Pick<ScreenPrompt, 'question' | 'approving' | 'options'>): string {
  return squashed([p.question, p.approving?.text ?? '', ...p.options.flatMap((o) => [o.label, o.detail ?? ''])].join(' '));
}

function quoted(text: string, max = 80): string {
  return `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;
}

/** `"Do you want to proceed?" (rm -rf ./build)`: a prompt in a refusal line. */
export function describePrompt(p: Pick<ScreenPrompt, 'question' | 'approving'>): string {
  return `${quoted(p.question)}${p.approving ? ` (${p.approving.kind} ${p.approving.text})` : ''}`;
}

function optionList(p: Pick<ScreenPrompt, 'options'>): string {
  return p.options.length ? p.options.map((o) => `${o.number} ${o.label}`).join(', ') : 'it has no options, only esc';
}

export type Judgement = { keys: string[]; option: PromptOption | null } | { refusal: string };

/**
 * The keys that answer `p` with `input.choice`, or why nothing may be typed. Pure: the age of
 * the prompt (ms it has been on screen, as far as known) is the caller's to measure.
 */
export function judgeAnswer(name: string, p: ScreenPrompt | null, reason: string, input: AnswerInput, ageMs: number, settleMs: number): Judgement {
  if (!p) return { refusal: `${name} shows no prompt to answer (${reason}); nothing typed` };
  if (input.fingerprint && input.fingerprint !== p.fingerprint)
    return { refusal: `the prompt changed: ${name} now asks ${describePrompt(p)} (fingerprint ${p.fingerprint}, the answer was for ${input.fingerprint}); nothing typed — look at it and answer again` };
  if (input.expect && !promptText(p).includes(squashed(input.expect)))
    return { refusal: `${name}'s prompt does not say ${quoted(input.expect)}: it asks ${describePrompt(p)}; nothing typed` };
  const picked = pick(p, input.choice);
  if ('refusal' in picked) return { refusal: `${picked.refusal} of ${name}'s prompt ${describePrompt(p)} (${optionList(p)}); nothing typed` };
  if (ageMs < settleMs)
    return { refusal: `${name}'s prompt ${describePrompt(p)} appeared ${Math.max(0, Math.round(ageMs))} ms ago; an answer waits until a prompt has shown for ${settleMs} ms (so one meant for the prompt before cannot land on it); nothing typed — look at it and answer again` };
  return picked;
}

function pick(p: ScreenPrompt, choice: string): Judgement {
  const c = choice.trim().toLowerCase();
  if (c === 'esc') return { keys: ['Escape'], option: p.options.find((o) => o.keys.length === 1 && o.keys[0] === 'Escape') ?? null };
  const option =
    c === 'y' ? p.options.find((o) => YES.test(o.label)) : c === 'n' ? p.options.find((o) => NO.test(o.label)) : p.options.find((o) => String(o.number) === c);
  if (!option) return { refusal: c === 'y' ? 'there is no yes option' : c === 'n' ? 'there is no no option' : `${c} is not an option` };
  return { keys: option.keys, option };
}

/** The prompt the directory (a monitor) knows, with when it first showed, when it is this one. */
async function knownPrompt(ctx: ActionContext, agent: AgentInfo, fingerprint: string): Promise<AgentPrompt | null> {
  const fresh = (await ctx.directory.list()).find((a) => a.paneId === agent.paneId) ?? agent;
  return fresh.prompt?.fingerprint === fingerprint ? fresh.prompt : null;
}

/**
 * How long the prompt in `l` has been on screen. Known from a monitor that saw it appear;
 * otherwise it is watched (looking again at every output) until it has shown `settleMs` —
 * the screen unchanged since the pane last printed counts — and a change meanwhile is returned.
 */
async function promptAge(ctx: ActionContext, agent: AgentInfo, l: Look & { classification: { prompt: ScreenPrompt } }): Promise<{ ageMs: number; changed: Look | null }> {
  const settle = ctx.timings.promptSettleMs;
  const known = await knownPrompt(ctx, agent, l.classification.prompt.fingerprint);
  if (known) return { ageMs: ctx.now() - known.since, changed: null };
  const quiet = ctx.observer.tracker.quietMs(agent.paneId, ctx.now() - ctx.observer.tracker.startedAt);
  if (quiet >= settle) return { ageMs: quiet, changed: null };
  const from = ctx.now() - quiet;
  const r = await ctx.observer.until(agent.paneId, agent.type, (x) => (x?.classification.prompt?.fingerprint !== l.classification.prompt.fingerprint ? x : undefined), settle - quiet);
  return { ageMs: ctx.now() - from, changed: r.value === undefined ? null : r.last };
}

export async function answerPrompt(ctx: ActionContext, input: ApiParsedInput<'answerPrompt'>, agent: AgentInfo): Promise<AnswerResult> {
  return ctx.locks.with(agent.paneId, async () => {
    const l = await ctx.observer.look(agent.paneId, agent.type);
    if (!l) throw new ApiError('not_found', `${agent.name}: its pane ${agent.paneId} no longer exists; nothing typed`);
    const first = judgeAnswer(agent.name, l.classification.prompt ?? null, l.classification.reason, input, Number.POSITIVE_INFINITY, 0);
    if ('refusal' in first) throw new ApiError('conflict', first.refusal);
    const shown = l as Look & { classification: { prompt: ScreenPrompt } };
    const age = await promptAge(ctx, agent, shown);
    const now = age.changed ?? l;
    const verdict = judgeAnswer(agent.name, now.classification.prompt ?? null, now.classification.reason, { ...input, fingerprint: input.fingerprint ?? shown.classification.prompt.fingerprint }, age.changed ? 0 : age.ageMs, ctx.timings.promptSettleMs);
    if ('refusal' in verdict) throw new ApiError('conflict', verdict.refusal);
    await ctx.conn.sendKeys(agent.paneId, verdict.keys);
    return { agentId: agent.id, keys: verdict.keys, option: verdict.option, prompt: { ...shown.classification.prompt, since: ctx.now() - age.ageMs } };
  });
}
