// Settings: one JSON row, validated with the contract's SettingsSchema. Whatever is stored,
// `get()` returns valid Settings: unknown keys are dropped and invalid values fall back to
// their defaults (one field at a time), so a bad hand edit or an older build's file never
// stops the app.
import { z } from 'zod';
import { applySettingsPatch, DEFAULT_SETTINGS, SettingsSchema, type Settings, type SettingsPatch } from '../../shared/settings.js';
import type { StoreContext } from './context.js';
import { StoreError } from './errors.js';

export interface SettingsApi {
  get(): Settings;
  /** Merge a partial update (nested objects may be partial), validate, store; returns the result. */
  update(patch: SettingsPatch): Settings;
  /** Back to the defaults. */
  reset(): Settings;
}

type Shape = typeof SettingsSchema.shape;
type Key = keyof Shape;
const KEYS = Object.keys(SettingsSchema.shape) as Key[];

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keep each stored field that validates; for objects, keep each valid sub-field. */
export function sanitizeSettings(stored: unknown): Settings {
  const src = isPlainObject(stored) ? stored : {};
  const out: Record<string, unknown> = {};
  for (const key of KEYS) {
    const field = SettingsSchema.shape[key];
    const fallback = DEFAULT_SETTINGS[key];
    const whole = field.safeParse(src[key]);
    if (whole.success) {
      out[key] = whole.data;
      continue;
    }
    if (isPlainObject(src[key]) && isPlainObject(fallback)) {
      let merged: Record<string, unknown> = { ...fallback };
      for (const [sub, v] of Object.entries(src[key])) {
        const candidate = { ...merged, [sub]: v };
        if (field.safeParse(candidate).success) merged = candidate;
      }
      out[key] = field.parse(merged);
    } else {
      out[key] = fallback;
    }
  }
  return out as Settings;
}

/** The contract's merge (applySettingsPatch), with one clear message for whatever is wrong. */
function merge(current: Settings, patch: SettingsPatch): Settings {
  if (!isPlainObject(patch)) throw new StoreError('bad_input', 'a settings update must be an object');
  const unknownKey = Object.keys(patch).find((k) => !(KEYS as string[]).includes(k));
  if (unknownKey) throw new StoreError('bad_input', `unknown setting "${unknownKey}"`);
  try {
    return applySettingsPatch(current, patch);
  } catch (err) {
    if (!(err instanceof z.ZodError)) throw err;
    const issue = err.issues[0]!;
    throw new StoreError('bad_input', `settings: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
}

export function createSettings(ctx: StoreContext): SettingsApi {
  // Parsed once per distinct stored JSON: the row read is a primary-key lookup, the zod
  // validation is what costs, and this way another connection's change is seen at once.
  let cached: { json: string | null; settings: Settings } | null = null;
  const parse = (json: string | null): Settings => {
    if (json === null) return DEFAULT_SETTINGS;
    try {
      return sanitizeSettings(JSON.parse(json));
    } catch {
      ctx.warn('stored settings were not valid JSON; using the defaults');
      return DEFAULT_SETTINGS;
    }
  };
  const get = (): Settings =>
    ctx.read(() => {
      const row = ctx.stmt('SELECT json FROM settings WHERE id = 1').get() as { json: string } | undefined;
      const json = row?.json ?? null;
      if (!cached || cached.json !== json) cached = { json, settings: parse(json) };
      return cached.settings;
    });
  const store = (s: Settings): Settings => {
    ctx.write(() =>
      ctx
        .stmt(
          `INSERT INTO settings (id, json, updated_at) VALUES (1, ?, ?)
           ON CONFLICT (id) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
        )
        .run(JSON.stringify(s), Date.now()),
    );
    return s;
  };
  return {
    get,
    update: (patch) => store(merge(get(), patch)),
    reset: () => store(DEFAULT_SETTINGS),
  };
}
