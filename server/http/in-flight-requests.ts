/**
 * Counts the requests whose handlers are still running, so shutdown can wait
 * for them before closing the database. Closing the sockets (at the shutdown
 * timeout) does not stop a Koa handler that is mid-way through its work; if
 * the database closed under it, it would fail with "database handle is
 * closed" after the server said it had stopped.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export class InFlightRequests {
  private readonly running = new Set<Promise<void>>();

  /** Wraps Koa's `app.callback()` so every handler run is tracked until it settles. */
  track(handler: RequestHandler): (req: IncomingMessage, res: ServerResponse) => void {
    return (req, res) => {
      const run = handler(req, res).catch(() => undefined);
      this.running.add(run);
      void run.finally(() => this.running.delete(run));
    };
  }

  get count(): number {
    return this.running.size;
  }

  /** Resolves when every handler running now has settled, or after `timeoutMs`; true when all settled. */
  async settled(timeoutMs: number): Promise<boolean> {
    if (this.running.size === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const all = Promise.allSettled([...this.running]).then(() => true as const);
    const result = await Promise.race([all, timedOut]);
    clearTimeout(timer);
    return result;
  }
}
