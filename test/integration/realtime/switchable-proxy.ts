/**
 * A TCP forwarder standing in for a load balancer in failover tests: one
 * address whose target can change, and which can hold new connections back
 * (refuse them) while the test does something in the gap, or cut every
 * connection as a network failure between a node and its server would.
 */
import net from 'node:net';

export interface SwitchableProxy {
  url: string;
  /** Refuse new connections until forwardTo is called. */
  hold(): void;
  forwardTo(port: number): void;
  /** Hold, and drop every connection already open: the far side is gone. */
  sever(): void;
  close(): Promise<void>;
}

export async function switchableProxy(initialPort: number): Promise<SwitchableProxy> {
  let target: number | null = initialPort;
  const open = new Set<net.Socket>();
  const server = net.createServer((incoming) => {
    if (target === null) {
      incoming.destroy();
      return;
    }
    const outgoing = net.connect(target, '127.0.0.1');
    for (const socket of [incoming, outgoing]) {
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => {
        incoming.destroy();
        outgoing.destroy();
      });
    }
    incoming.pipe(outgoing).pipe(incoming);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hold: () => {
      target = null;
    },
    forwardTo: (next) => {
      target = next;
    },
    sever: () => {
      target = null;
      for (const socket of open) socket.destroy();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of open) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
