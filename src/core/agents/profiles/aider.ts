// Aider: a line-oriented REPL (prompt_toolkit). Not installable here, so these patterns come
// from its documented UI strings: the prompt `> ` (or `architect> `, `ask> `, `code> `,
// `multi> `) on the last line when ready; questions such as
// `Add file to the chat? (Y)es/(N)o/(D)on't ask again [Yes]:`; streamed output while working
// (with `Waiting for <model>` while the request is in flight); litellm errors on failure.
import { exited, quote, result, screenLines, type Classification, type PaneFacts } from './common.js';
import { parseResetTime } from './reset-time.js';

export const AIDER_PATTERNS = {
  prompt: /^(?:[a-z-]+)?> ?(.*)$/,
  question: /\(Y\)es\/\(N\)o.*\[(?:Yes|No|All|Skip|Don't ask again)\]:\s*(.*)$/i,
  waitingFor: /\bWaiting for\b|\bThinking\b.*\.\.\./i,
  rateLimit: [/\bRateLimitError\b/, /\brate limit(?:ed)?\b/i, /\bquota\b.*\b(?:exceeded|reached)\b/i],
  error: /\blitellm\.\w*Error\b|\bAuthenticationError\b|\bAPIConnectionError\b|\bModel .* not found\b/i,
  banner: /^Aider v\d/,
} as const;

export function classifyAider(screen: string, facts: PaneFacts): Classification {
  const gone = exited(facts);
  if (gone) return gone;
  const lines = screenLines(screen);
  const last = lines.at(-1) ?? '';

  const question = AIDER_PATTERNS.question.exec(last);
  if (question) return result('waiting', `waiting: question ${quote(last.replace(/\s*\(Y\)es.*$/i, ''))}`);

  const prompt = AIDER_PATTERNS.prompt.exec(last);
  if (!prompt) {
    const busy = lines.slice(-3).find((l) => AIDER_PATTERNS.waitingFor.test(l));
    if (busy) return result('busy', `busy: ${quote(busy)}`);
    const tail = lines.slice(-6);
    const limit = tail.find((l) => AIDER_PATTERNS.rateLimit.some((p) => p.test(l)));
    if (limit) return result('rate_limited', `rate_limited: ${quote(limit)}`, null, parseResetTime(tail.join(' '), facts.now));
    if (facts.quietMs < facts.quietThresholdMs) return result('busy', 'busy: output is flowing');
    if (!lines.some((l) => AIDER_PATTERNS.banner.test(l)) && lines.length <= 2) return result('starting', 'starting: no prompt yet');
    return result('unknown', 'unknown: no prompt on the last line');
  }

  const input = (prompt[1] ?? '').trim();
  const response = latestResponse(lines);
  const limit = response.find((l) => AIDER_PATTERNS.rateLimit.some((p) => p.test(l)));
  if (limit) return result('rate_limited', `rate_limited: ${quote(limit)}`, input, parseResetTime(response.join(' '), facts.now));
  if (input) return result('unsubmitted', `unsubmitted: ${quote(input)} at the prompt`, input);
  const error = response.find((l) => AIDER_PATTERNS.error.test(l));
  if (error) return result('error', `error: ${quote(error)}`, input);
  return result('idle', 'idle: prompt empty', input);
}

/** Lines between the previous prompt and the current one. */
function latestResponse(lines: readonly string[]): string[] {
  for (let i = lines.length - 2; i >= 0; i--) {
    if (AIDER_PATTERNS.prompt.test(lines[i] ?? '')) return lines.slice(i + 1, -1);
  }
  return lines.slice(0, -1);
}
