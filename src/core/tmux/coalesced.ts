// A task that runs one at a time: asked for while it runs, it runs once more afterwards (any
// number of requests meanwhile make that one run). Failures are the task's own business.

export class Coalesced {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(private readonly task: () => Promise<void>) {}

  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.task()
      .catch(() => undefined)
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.request();
        }
      });
  }

  /** Resolves when no run is going on or asked for. */
  async settled(): Promise<void> {
    while (this.running) await this.running;
  }
}
