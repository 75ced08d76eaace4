/**
 * Boots Warble in a fixed order (configuration, logger, container, app),
 * listens, and shuts down gracefully: on SIGTERM/SIGINT stop accepting,
 * answer in-flight requests with `Connection: close`, close keep-alive
 * connections once answered (or idle past a grace), let handlers finish
 * within a bound, close the database, exit 0.
 */
import { createServer, type Server } from 'node:http';
import { Server as NetServer } from 'node:net';
import { createApp } from './app.js';
import { buildContainer, type Container } from './container.js';
import type { WarbleConfig } from './config/schema.js';
import type { Logger } from './logging/logger.js';
import { attachRealtime, type Realtime } from './realtime/socket-server.js';
import { PendingWork } from './jobs/pending-work.js';
import { ConnectionDrain } from './http/connection-drain.js';

/**
 * How long a keep-alive connection that was idle when shutdown began may
 * still bring one more request (answered with `Connection: close`) before
 * the server closes it. Clients in the middle of a stream of requests send
 * the next one well within this; a client idle for longer meets the race
 * HTTP/1.1 leaves to clients on any idle connection (RFC 9112 §9.3.1).
 */
const IDLE_KEEP_ALIVE_GRACE_MS = 1000;

export interface RunningServer {
  server: Server;
  container: Container;
  /** Socket.IO and Mastodon streaming on the same server. */
  realtime: Realtime;
  url: string;
  stop(): Promise<void>;
}

export async function startServer(config: WarbleConfig, logger: Logger): Promise<RunningServer> {
  const container = await buildContainer(config, logger, { migrate: true });
  const drain = new ConnectionDrain();
  container.readinessChecks.push(drain.readinessCheck());
  const app = createApp(container);
  // Request handlers still running: shutdown waits for them before the database closes (see stop below).
  const inFlight = new PendingWork();
  const handle = app.callback();
  const server = createServer((req, res) => {
    drain.track(res);
    inFlight.track(handle(req, res));
  });
  // Slightly above common load-balancer idle timeouts, so the proxy closes first.
  server.keepAliveTimeout = 65_000;
  let listeningUrl = '';
  const realtime = await attachRealtime(server, container, () => config.publicUrl || listeningUrl);
  // Every sink is registered now: events a dead node recorded but never delivered go to all of them.
  container.startEventRecovery();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  listeningUrl = url;
  logger.info({ url, publicUrl: config.publicUrl || undefined }, 'Warble is listening');
  // The home page's trending box, computed now rather than by the first pages (which would all wait for it); shutdown waits for it.
  inFlight.track(container.trends.warm().catch((error: unknown) => logger.warn({ err: error }, 'trends not computed ahead')));

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('shutting down: no new connections, finishing in-flight requests');
      drain.begin();
      // Stop accepting. Not http's server.close(): it also destroys idle keep-alive sockets at once,
      // resetting requests already on their way to them (see connection-drain.ts).
      const closed = new Promise<void>((resolve) => NetServer.prototype.close.call(server, () => resolve()));
      const timeout = setTimeout(() => {
        logger.warn({ timeoutMs: config.http.shutdownTimeoutMs }, 'shutdown timeout: closing remaining connections');
        server.closeAllConnections();
      }, config.http.shutdownTimeoutMs);
      // Live connections never go idle: end them (clients reconnect to another node) before the database closes.
      await realtime.close();
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([closed, new Promise((resolve) => (grace = setTimeout(resolve, Math.min(IDLE_KEEP_ALIVE_GRACE_MS, config.http.shutdownTimeoutMs))))]);
      clearTimeout(grace);
      // What is still idle now had its chance to send one more request; what is busy closes after its answer.
      server.closeIdleConnections();
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      await closed;
      clearInterval(sweep);
      clearTimeout(timeout);
      // Sockets closed at the timeout leave their handlers running: let them finish before the database closes.
      if (!(await inFlight.settled(config.http.shutdownTimeoutMs))) {
        logger.warn({ requests: inFlight.size }, 'shutdown: handlers still running; closing the database under them');
      }
      await container.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  // No administrator yet: WARBLE_ADMIN_* create one, or the one-time setup link goes to this log (never to a browser).
  try {
    await container.people.prepareFirstRun(config.publicUrl || url);
  } catch (error) {
    await stop();
    throw error;
  }
  return { server, container, realtime, url, stop };
}

/** Wires SIGTERM/SIGINT to a graceful stop and exit code 0. */
export function stopOnSignals(running: RunningServer, logger: Logger): void {
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info({ signal }, 'signal received');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
