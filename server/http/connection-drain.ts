/**
 * Ends HTTP/1.1 keep-alive connections at shutdown without resetting a
 * request. Destroying an idle keep-alive socket races a client that has just
 * written its next request on it: the client gets ECONNRESET and no answer.
 * So once draining begins, every response (in flight or still to come on an
 * open connection) carries `Connection: close`, and Node closes each socket
 * right after answering on it; only sockets that stay idle through a grace
 * period are closed by the server (main.ts).
 */
import type { ServerResponse } from 'node:http';
import type { ReadinessCheck } from './routes/health.js';

export class ConnectionDrain {
  private active = false;
  private readonly unanswered = new Set<ServerResponse>();

  get draining(): boolean {
    return this.active;
  }

  /** Call for every response as its request arrives. */
  track(response: ServerResponse): void {
    if (this.active) {
      response.setHeader('Connection', 'close');
      return;
    }
    this.unanswered.add(response);
    response.once('close', () => this.unanswered.delete(response));
  }

  /** From now on every answer closes its connection, including those being prepared. */
  begin(): void {
    this.active = true;
    for (const response of this.unanswered) if (!response.headersSent) response.setHeader('Connection', 'close');
    this.unanswered.clear();
  }

  /** /readyz answers 503 while draining, so a load balancer sends new requests elsewhere. */
  readinessCheck(): ReadinessCheck {
    return { name: 'accepting', check: () => Promise.resolve(this.active ? { ok: false, detail: 'shutting down' } : { ok: true }) };
  }
}
