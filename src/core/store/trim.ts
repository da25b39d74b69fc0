// Count bounds enforced at insert time: after adding rows, the oldest beyond the bound go in
// the same transaction, so a table's row count never exceeds its bound, even between
// retention runs. Ids only grow (we delete from the old end), so "id <= max(id) - bound"
// leaves at most `bound` rows without counting the table.
import type { StoreContext } from './context.js';
import { LIMITS } from './limits.js';

export function trimToCount(ctx: StoreContext, table: string, bound: number, inserted: number): number {
  const top = ctx.stmt(`SELECT max(id) AS m FROM ${table}`).get() as { m: number | null };
  if (top.m === null || top.m <= bound) return 0;
  // Delete what this insert pushed out plus one retention batch, so a lowered bound also
  // converges without one long delete.
  const limit = inserted + LIMITS.retentionBatch;
  return ctx
    .stmt(`DELETE FROM ${table} WHERE id IN (SELECT id FROM ${table} WHERE id <= ? ORDER BY id LIMIT ?)`)
    .run(top.m - bound, limit).changes;
}
