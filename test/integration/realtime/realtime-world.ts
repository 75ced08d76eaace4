/**
 * A small world for live tests: a real listening Warble, people with tokens,
 * real Socket.IO clients, and the REST API driven over HTTP.
 */
import { io as connectClient, type Socket } from 'socket.io-client';
import type { Container } from '../../../server/container.js';
import type { ClientToServerEvents, ServerToClientEvents, SubscribeResult } from '../../../server/realtime/realtime-events.js';

export type LiveClient = Socket<ServerToClientEvents, ClientToServerEvents>;

export interface Person {
  id: string;
  username: string;
  token: string;
}

let counter = 0;

export async function person(container: Container, name: string): Promise<Person> {
  counter += 1;
  const username = `${name}${counter}`;
  const user = await container.localUsers.create({ username, displayName: name, password: `${name} secret words ${counter}` });
  const { token } = await container.tokens.issue({ kind: 'personal', userId: user.id, appId: null, scopes: ['read', 'write', 'follow'] });
  return { id: user.id, username, token };
}

export function connect(url: string, options: { token?: string; headers?: Record<string, string> } = {}): Promise<LiveClient> {
  const socket: LiveClient = connectClient(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: options.token ? { token: options.token } : {},
    extraHeaders: options.headers ?? {},
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
}

export async function subscribe(socket: LiveClient, stream: string, sinceId?: string): Promise<SubscribeResult> {
  return socket.timeout(5000).emitWithAck('subscribe', sinceId ? { stream, sinceId } : { stream });
}

/** The next `event` matching `predicate`, or a rejection after `timeoutMs`. */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: LiveClient,
  event: E,
  predicate: (payload: Parameters<ServerToClientEvents[E]>[0]) => boolean = () => true,
  timeoutMs = 5000,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve, reject) => {
    const listener = ((payload: Parameters<ServerToClientEvents[E]>[0]) => {
      if (!predicate(payload)) return;
      clearTimeout(timer);
      socket.off(event, listener as never);
      resolve(payload);
    }) as never;
    const timer = setTimeout(() => {
      socket.off(event, listener);
      reject(new Error(`no ${String(event)} within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.on(event, listener);
  });
}

/** Records every payload of `event` (to assert later that something never arrived). */
export function record<E extends keyof ServerToClientEvents>(socket: LiveClient, event: E): Array<Parameters<ServerToClientEvents[E]>[0]> {
  const seen: Array<Parameters<ServerToClientEvents[E]>[0]> = [];
  socket.on(event, ((payload: Parameters<ServerToClientEvents[E]>[0]) => seen.push(payload)) as never);
  return seen;
}

export async function api<T = Record<string, unknown>>(url: string, token: string, method: string, path: string, body?: object): Promise<T> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

export const post = (url: string, author: Person, body: object) =>
  api<{ id: string; content: string }>(url, author.token, 'POST', '/api/v1/statuses', body);

export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
