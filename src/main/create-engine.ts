// ─── WIRING POINT ────────────────────────────────────────────────────────────────────────
// The one place main reaches into core. Kept in its own module (imported only by index.ts)
// so tests and the rest of main never load core: they receive an EngineFactory instead.
import type { EngineHost, EngineOptions } from './engine-host.js';

export async function createEngine(opts: EngineOptions): Promise<EngineHost> {
  const { createOrchestrator } = await import('../core/orchestrator.js');
  return (await createOrchestrator(opts)) as EngineHost;
}
