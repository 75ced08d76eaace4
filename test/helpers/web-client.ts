/**
 * A browser-like HTTP client over supertest: keeps cookies, reads the CSRF
 * token from the page it just loaded, and posts forms as a browser would.
 */
import { Agent } from 'node:http';
import supertest from 'supertest';
import type { TestApp } from './test-app.js';

const CSRF_FIELD = /name="_csrf" value="([^"]+)"/;

export function csrfTokenIn(html: string): string {
  const match = CSRF_FIELD.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

/** Connects from this loopback address (any of 127.0.0.0/8), so the server sees another client address. */
export function fromAddress(localAddress: string): Agent {
  return new Agent({ localAddress });
}

export class WebClient {
  readonly agent: ReturnType<typeof supertest.agent>;
  private readonly connection: Agent | undefined;
  constructor(testApp: TestApp, private readonly acceptLanguage = 'en', options: { localAddress?: string } = {}) {
    this.agent = supertest.agent(testApp.callback);
    this.connection = options.localAddress ? fromAddress(options.localAddress) : undefined;
  }

  get(path: string) {
    const request = this.agent.get(path);
    if (this.connection) request.agent(this.connection);
    return request.set('Accept', 'text/html').set('Accept-Language', this.acceptLanguage);
  }

  /** Loads `pagePath`, then submits `fields` with that page's CSRF token to `action`. */
  async submit(pagePath: string, action: string, fields: Record<string, string>) {
    const page = await this.get(pagePath);
    const request = this.agent.post(action);
    if (this.connection) request.agent(this.connection);
    return request
      .type('form')
      .set('Accept', 'text/html')
      .set('Accept-Language', this.acceptLanguage)
      .send({ _csrf: csrfTokenIn(page.text), ...fields });
  }

  signIn(login: string, password: string) {
    return this.submit('/login', '/login', { login, password });
  }
}
