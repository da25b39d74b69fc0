// The orchestrator's event stream: one fan-out point for everything the shells forward. A
// listener that throws is reported once and never breaks the engine or the other listeners.
import type { ApiEvent } from '../../shared/api.js';

/** Listeners are few (one per shell, a few per test); a leak shows up as this bound. */
export const MAX_LISTENERS = 1_000;

export class EventHub {
  private readonly listeners = new Set<(event: ApiEvent) => void>();

  constructor(private readonly onListenerError: (message: string) => void = () => undefined) {}

  on(listener: (event: ApiEvent) => void): () => void {
    if (this.listeners.size >= MAX_LISTENERS) {
      throw new Error(`too many event listeners (${MAX_LISTENERS}); unsubscribe the ones no longer used`);
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: ApiEvent): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch (err) {
        this.onListenerError(`event listener failed on ${event.type}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
  }

  clear(): void {
    this.listeners.clear();
  }

  get size(): number {
    return this.listeners.size;
  }
}
