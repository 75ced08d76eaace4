/**
 * The soak run's live side: N Socket.IO clients subscribed to the company
 * stream for the whole run. Counts the events they receive and every
 * disconnect or connection error (none is expected while the server runs).
 */
import { io, type Socket } from 'socket.io-client';

export interface LiveCounts {
  connected: number;
  eventsReceived: number;
  disconnects: number;
  connectErrors: number;
}

export interface LiveClients {
  counts: LiveCounts;
  close(): void;
}

function connectOne(url: string, token: string, counts: LiveCounts): Promise<Socket> {
  const socket = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, auth: { token } });
  socket.on('post.created', () => (counts.eventsReceived += 1));
  socket.on('disconnect', (reason) => {
    // Our own close at the end of the run is not a failure.
    if (reason !== 'io client disconnect') counts.disconnects += 1;
    counts.connected -= 1;
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket connect timeout')), 30_000);
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      counts.connectErrors += 1;
      reject(error);
    });
    socket.once('connect', () => {
      counts.connected += 1;
      socket.emit('subscribe', { stream: 'company' }, (result: { ok: boolean }) => {
        clearTimeout(timer);
        if (result.ok) resolve(socket);
        else reject(new Error('subscribe refused'));
      });
    });
  });
}

export async function connectLiveClients(url: string, tokens: string[], n: number): Promise<LiveClients> {
  const counts: LiveCounts = { connected: 0, eventsReceived: 0, disconnects: 0, connectErrors: 0 };
  const sockets: Socket[] = [];
  for (let start = 0; start < n; start += 100) {
    const batch = Array.from({ length: Math.min(100, n - start) }, (_, k) => connectOne(url, tokens[(start + k) % tokens.length]!, counts));
    sockets.push(...(await Promise.all(batch)));
  }
  return { counts, close: () => sockets.forEach((socket) => socket.close()) };
}
