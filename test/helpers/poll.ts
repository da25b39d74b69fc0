// Polling with a deadline: tests never synchronise on fixed sleeps. Imports nothing, so both the
// node and the jsdom test projects use it.

/** The first truthy value `probe` gives (a throw counts as "not yet"); fails naming `what` after the deadline. */
export async function waitFor<T>(
  probe: () => T | Promise<T>,
  what: string,
  timeoutMs = 10_000,
  everyMs = 20,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v as NonNullable<T>;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}

/** Until `cond` holds, looking every few ms (in-process state: cheap to check). */
export async function until(cond: () => unknown, what: string, timeoutMs = 5_000): Promise<void> {
  await waitFor(cond, what, timeoutMs, 5);
}
