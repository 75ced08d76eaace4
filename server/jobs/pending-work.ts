/**
 * Work started in the background that someone must be able to wait for:
 * request handlers at shutdown, after-commit event sinks, plugin actions,
 * scheduled runs, exports. Each is tracked until it settles; `settled()`
 * waits for everything running now and for work started meanwhile, optionally
 * bounded by a timeout (shutdown must not hang on one stuck task).
 */
export class PendingWork {
  private readonly running = new Set<Promise<unknown>>();

  /** Tracks `work` until it settles. A rejection is the caller's to handle before; here it only ends the tracking. */
  track(work: Promise<unknown>): void {
    const tracked = work.then(
      () => undefined,
      () => undefined,
    );
    this.running.add(tracked);
    void tracked.finally(() => this.running.delete(tracked));
  }

  get size(): number {
    return this.running.size;
  }

  /** True once nothing is running; false if `timeoutMs` passed first. */
  async settled(timeoutMs = Number.POSITIVE_INFINITY): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size > 0) {
      const left = deadline - Date.now();
      if (left <= 0) return false;
      let timer: NodeJS.Timeout | undefined;
      const everything = Promise.allSettled([...this.running]);
      await (Number.isFinite(left) ? Promise.race([everything, new Promise((resolve) => (timer = setTimeout(resolve, left)))]) : everything);
      clearTimeout(timer);
    }
    return true;
  }
}
