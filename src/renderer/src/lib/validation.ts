import type { z } from 'zod';

/** First message per field path ("" for form-level), from a zod result. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.join('.');
    if (!(key in out)) out[key] = issue.message;
  }
  return out;
}

/**
 * The contract's errors read "<method>: <field>: <message>". Put them under their field when the
 * field is one of ours, else at the top of the form.
 */
export function apiFieldError(method: string, message: string, fields: readonly string[]): Record<string, string> {
  const rest = message.startsWith(`${method}: `) ? message.slice(method.length + 2) : message;
  const m = /^([A-Za-z0-9_.]+): (.*)$/s.exec(rest);
  if (m && fields.includes(m[1]!)) return { [m[1]!]: m[2]! };
  return { '': message };
}
