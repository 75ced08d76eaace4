/**
 * A browser-like HTTP client over supertest: keeps cookies, reads the CSRF
 * token from the page it just loaded, and posts forms as a browser would.
 */
import supertest from 'supertest';
import type { TestApp } from './test-app.js';

const CSRF_FIELD = /name="_csrf" value="([^"]+)"/;

export function csrfTokenIn(html: string): string {
  const match = CSRF_FIELD.exec(html);
  if (!match?.[1]) throw new Error('no CSRF token on the page');
  return match[1];
}

export class WebClient {
  readonly agent: ReturnType<typeof supertest.agent>;
  constructor(testApp: TestApp, private readonly acceptLanguage = 'en') {
    this.agent = supertest.agent(testApp.callback);
  }

  get(path: string) {
    return this.agent.get(path).set('Accept', 'text/html').set('Accept-Language', this.acceptLanguage);
  }

  /** Loads `pagePath`, then submits `fields` with that page's CSRF token to `action`. */
  async submit(pagePath: string, action: string, fields: Record<string, string>) {
    const page = await this.get(pagePath);
    return this.agent
      .post(action)
      .type('form')
      .set('Accept', 'text/html')
      .set('Accept-Language', this.acceptLanguage)
      .send({ _csrf: csrfTokenIn(page.text), ...fields });
  }

  signIn(login: string, password: string) {
    return this.submit('/login', '/login', { login, password });
  }
}
