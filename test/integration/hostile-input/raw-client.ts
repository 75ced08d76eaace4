/**
 * A bare HTTP client for hostile requests: it sends the path, headers and
 * body bytes exactly as given (supertest re-encodes paths and serialises
 * bodies by their type), keeps cookies like a browser, and gives up on an
 * event stream or an accepted WebSocket once its status is known.
 */
import http from 'node:http';

export interface RawRequest {
  method: string;
  /** Path and query, already percent-encoded (or deliberately not). */
  target: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

const RESPONSE_TIMEOUT_MS = 15_000;

export class RawClient {
  private readonly cookies = new Map<string, string>();
  constructor(private readonly origin: URL) {}

  async send(request: RawRequest): Promise<RawResponse> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await new Promise<RawResponse>((resolve, reject) => {
      const outgoing = http.request({
        host: this.origin.hostname,
        port: this.origin.port,
        method: request.method,
        path: request.target,
        headers: { ...(cookie ? { cookie } : {}), ...(request.body ? { 'content-length': String(request.body.length) } : {}), ...request.headers },
        timeout: RESPONSE_TIMEOUT_MS,
        agent: false,
      });
      outgoing.on('timeout', () => outgoing.destroy(new Error(`no response within ${RESPONSE_TIMEOUT_MS} ms`)));
      outgoing.on('error', reject);
      // A WebSocket handshake that was accepted: the 101 is the answer.
      outgoing.on('upgrade', (incoming, socket) => {
        socket.destroy();
        resolve({ status: incoming.statusCode ?? 101, headers: incoming.headers, text: '' });
      });
      outgoing.on('response', (incoming) => {
        const status = incoming.statusCode ?? 0;
        if (String(incoming.headers['content-type']).startsWith('text/event-stream')) {
          // A live stream never ends; its status is the answer.
          incoming.destroy();
          resolve({ status, headers: incoming.headers, text: '' });
          return;
        }
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('error', reject);
        incoming.on('end', () => resolve({ status, headers: incoming.headers, text: Buffer.concat(chunks).toString('utf8') }));
      });
      outgoing.end(request.body);
    });
    for (const line of response.headers['set-cookie'] ?? []) {
      const [pair = ''] = line.split(';');
      const equals = pair.indexOf('=');
      if (equals > 0) this.cookies.set(pair.slice(0, equals).trim(), pair.slice(equals + 1).trim());
    }
    return response;
  }

  /** The CSRF token of the page at `path` (the session's, once signed in). */
  async csrfToken(path = '/settings'): Promise<string> {
    const page = await this.send({ method: 'GET', target: path, headers: { accept: 'text/html' } });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.text)?.[1];
    if (!token) throw new Error(`no CSRF token on ${path} (${page.status})`);
    return token;
  }

  async signIn(login: string, password: string): Promise<void> {
    const token = await this.csrfToken('/login');
    const body = Buffer.from(new URLSearchParams({ _csrf: token, login, password }).toString());
    const response = await this.send({ method: 'POST', target: '/login', headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' }, body });
    if (response.status !== 302) throw new Error(`sign-in as ${login} failed: ${response.status}`);
  }
}
