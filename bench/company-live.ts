/**
 * The live half of bench/company.ts: N Socket.IO clients, signed in (session
 * cookie, as browsers are) as followers of an account everyone follows and
 * subscribed to their home stream; that account posts a few times, and each
 * socket's time from the POST to receiving the post is recorded. Reports
 * p50/p99 over every delivery, how many had not arrived 15 s after their
 * POST, and the server's RSS with the sockets connected.
 */
import { io, type Socket } from 'socket.io-client';
import type { BenchSession } from './bench-http.js';
import type { BenchServer } from './server-process.js';

export interface LiveRow {
  sockets: number;
  posts: number;
  'connect s': number;
  'p50 ms': number;
  'p99 ms': number;
  'max ms': number;
  /** Deliveries that had not arrived 15 s after their POST. */
  'lost (>15 s)': number;
  'server RSS MB': number;
}

const POSTS = 5;
const WAIT_MS = 15_000;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

function connect(url: string, session: BenchSession): Promise<Socket> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    // A cookie handshake must come from Warble's own origin.
    extraHeaders: { cookie: session.cookie, origin: url },
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket connect timeout')), 30_000);
    socket.once('connect_error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.once('connect', () => {
      socket.emit('subscribe', { stream: 'home' }, (result: { ok: boolean }) => {
        clearTimeout(timer);
        if (result.ok) resolve(socket);
        else reject(new Error('subscribe refused'));
      });
    });
  });
}

/** `followers` follow `author` (in the seed, everyone follows user0). */
export async function measureLiveDelivery(server: BenchServer, author: BenchSession, followers: BenchSession[], count: number): Promise<LiveRow> {
  const started = Date.now();
  const sockets: Socket[] = [];
  for (let start = 0; start < count; start += 200) {
    const batch = Array.from({ length: Math.min(200, count - start) }, (_, k) => connect(server.url, followers[(start + k) % followers.length]!));
    sockets.push(...(await Promise.all(batch)));
  }
  const connectSeconds = (Date.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const rss = server.rssMb();
  const latencies: number[] = [];
  // Each post carries a marker in its text; its send time is recorded before the POST, so no event can beat it.
  const sentAt = new Map<string, number>();
  for (const socket of sockets) {
    socket.on('post.created', (event: { status?: { content?: string } }) => {
      const marker = /live-probe-\d+/.exec(event.status?.content ?? '')?.[0];
      const sent = marker === undefined ? undefined : sentAt.get(marker);
      if (sent !== undefined) latencies.push(Date.now() - sent);
    });
  }
  for (let index = 0; index < POSTS; index += 1) {
    const marker = `live-probe-${Date.now()}${index}`;
    sentAt.set(marker, Date.now());
    const response = await fetch(`${server.url}/api/v1/statuses`, {
      method: 'POST',
      headers: { cookie: author.cookie, 'x-csrf-token': author.csrf, 'content-type': 'application/json' },
      body: JSON.stringify({ status: `Company-wide note ${marker}` }),
    });
    if (!response.ok) throw new Error(`live delivery post failed: ${response.status}`);
    const deadline = Date.now() + WAIT_MS;
    while (latencies.length < (index + 1) * count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  for (const socket of sockets) socket.close();
  latencies.sort((a, b) => a - b);
  return {
    sockets: count,
    posts: POSTS,
    'connect s': Math.round(connectSeconds * 10) / 10,
    'p50 ms': percentile(latencies, 50),
    'p99 ms': percentile(latencies, 99),
    'max ms': latencies[latencies.length - 1] ?? NaN,
    'lost (>15 s)': POSTS * count - latencies.length,
    'server RSS MB': rss,
  };
}
