// One fan-out point for an event stream (the monitor's, the fleet's, the orchestrator's). A
// listener that throws is reported and never breaks the emitter or the other listeners.

/** Listeners are few (one per shell, a few per test); a leak shows up as this bound. */
export const MAX_LISTENERS = 1_000;

export class EventHub<E extends { type: string }> {
  private readonly listeners = new Set<(event: E) => void>();

  constructor(private readonly onListenerError: (message: string) => void = () => undefined) {}

  on(listener: (event: E) => void): () => void {
    if (this.listeners.size >= MAX_LISTENERS) {
      throw new Error(`too many event listeners (${MAX_LISTENERS}); unsubscribe the ones no longer used`);
    }
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(event: E): void {
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
