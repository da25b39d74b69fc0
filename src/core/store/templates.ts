// Team templates: what `deployTeam` builds from. Validated with the contract's schema.
import { TeamTemplateSchema } from '../../shared/api.js';
import type { TeamTemplate } from '../../shared/domain.js';
import type { StoreContext } from './context.js';
import { StoreError } from './errors.js';
import { LIMITS } from './limits.js';

export interface TemplatesApi {
  /** By name. */
  list(): TeamTemplate[];
  get(name: string): TeamTemplate | null;
  /** Create or replace by name (input may omit defaulted fields). */
  save(t: unknown): TeamTemplate;
  /** False when there was no such template. */
  remove(name: string): boolean;
}

function parse(input: unknown): TeamTemplate {
  const r = TeamTemplateSchema.safeParse(input);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new StoreError('bad_input', `team template: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
  }
  return r.data;
}

export function createTemplates(ctx: StoreContext): TemplatesApi {
  const fromJson = (json: string): TeamTemplate | null => {
    const r = TeamTemplateSchema.safeParse(JSON.parse(json));
    return r.success ? r.data : null;
  };
  return {
    list: () =>
      ctx.read(() =>
        (ctx.stmt('SELECT json FROM team_templates ORDER BY name').all() as { json: string }[])
          .map((r) => fromJson(r.json))
          .filter((t): t is TeamTemplate => t !== null),
      ),
    get: (name) =>
      ctx.read(() => {
        const r = ctx.stmt('SELECT json FROM team_templates WHERE name = ?').get(name) as { json: string } | undefined;
        return r ? fromJson(r.json) : null;
      }),
    save: (input) => {
      const t = parse(input);
      ctx.write(() => {
        const exists = ctx.stmt('SELECT 1 FROM team_templates WHERE name = ?').get(t.name);
        const n = (ctx.stmt('SELECT count(*) AS n FROM team_templates').get() as { n: number }).n;
        if (!exists && n >= LIMITS.templatesMax) {
          throw new StoreError('limit', `too many team templates (${n}); remove some first`);
        }
        ctx
          .stmt(
            `INSERT INTO team_templates (name, json, updated_at) VALUES (?, ?, ?)
             ON CONFLICT (name) DO UPDATE SET json = excluded.json, updated_at = excluded.updated_at`,
          )
          .run(t.name, JSON.stringify(t), Date.now());
      });
      return t;
    },
    remove: (name) => ctx.write(() => ctx.stmt('DELETE FROM team_templates WHERE name = ?').run(name).changes > 0),
  };
}
