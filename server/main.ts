/**
 * Boots Warble in a fixed order (configuration, logger, container, app),
 * listens, and shuts down gracefully: on SIGTERM/SIGINT stop accepting,
 * let in-flight requests finish within a bound, close the database, exit 0.
 */
import { createServer, type Server } from 'node:http';
import { createApp } from './app.js';
import { buildContainer, type Container } from './container.js';
import type { WarbleConfig } from './config/schema.js';
import type { Logger } from './logging/logger.js';
import { attachRealtime, type Realtime } from './realtime/socket-server.js';
import { PendingWork } from './jobs/pending-work.js';

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
  const app = createApp(container);
  // Request handlers still running: shutdown waits for them before the database closes (see stop below).
  const inFlight = new PendingWork();
  const handle = app.callback();
  const server = createServer((req, res) => inFlight.track(handle(req, res)));
  // Slightly above common load-balancer idle timeouts, so the proxy closes first.
  server.keepAliveTimeout = 65_000;
  let listeningUrl = '';
  const realtime = await attachRealtime(server, container, () => config.publicUrl || listeningUrl);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  listeningUrl = url;
  logger.info({ url, publicUrl: config.publicUrl || undefined }, 'Warble is listening');

  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= (async () => {
      logger.info('shutting down: no new connections, finishing in-flight requests');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // A keep-alive connection becomes idle once its in-flight response is sent;
      // close it then rather than waiting for the client to hang up.
      server.closeIdleConnections();
      // Live connections never go idle: end them (clients reconnect to another node) before the database closes.
      await realtime.close();
      const sweep = setInterval(() => server.closeIdleConnections(), 100);
      const timeout = setTimeout(() => {
        logger.warn({ timeoutMs: config.http.shutdownTimeoutMs }, 'shutdown timeout: closing remaining connections');
        server.closeAllConnections();
      }, config.http.shutdownTimeoutMs);
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
