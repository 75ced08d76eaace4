/**
 * An API client for tests that signs in like a browser (session cookie) and
 * sends the X-CSRF-Token header on writes, as the web pages' scripts do.
 * Bearer-token clients are built from a token instead (see `withToken`).
 */
import supertest from 'supertest';
import type { TestApp } from './test-app.js';
import { csrfTokenIn, WebClient } from './web-client.js';

export class ApiClient {
  private constructor(
    private readonly web: WebClient | null,
    private readonly csrf: string,
    private readonly bearer: string | null,
    private readonly testApp: TestApp,
  ) {}

  /** Signs in on the web page and keeps the session. */
  static async signIn(testApp: TestApp, login: string, password: string): Promise<ApiClient> {
    const web = new WebClient(testApp);
    const response = await web.signIn(login, password);
    if (response.status !== 302) throw new Error(`sign-in as ${login} failed: ${response.status}`);
    const page = await web.get('/settings');
    return new ApiClient(web, csrfTokenIn(page.text), null, testApp);
  }

  /** Uses an access token (Authorization: Bearer), no cookies. */
  static withToken(testApp: TestApp, token: string): ApiClient {
    return new ApiClient(null, '', token, testApp);
  }

  private prepare(method: 'get' | 'post' | 'put' | 'patch' | 'delete', path: string) {
    const request = this.web ? this.web.agent[method](path) : supertest(this.testApp.callback)[method](path);
    request.set('Accept', 'application/json');
    if (this.bearer) request.set('Authorization', `Bearer ${this.bearer}`);
    if (this.web && method !== 'get') request.set('X-CSRF-Token', this.csrf);
    return request;
  }

  get(path: string) {
    return this.prepare('get', path);
  }

  post(path: string, body?: object) {
    return this.prepare('post', path).send(body ?? {});
  }

  put(path: string, body?: object) {
    return this.prepare('put', path).send(body ?? {});
  }

  patch(path: string, body?: object) {
    return this.prepare('patch', path).send(body ?? {});
  }

  delete(path: string) {
    return this.prepare('delete', path);
  }

  /** A POST (or PATCH) without a body yet, for multipart uploads: chain `.field()` and `.attach()`. */
  upload(path: string, method: 'post' | 'patch' = 'post') {
    return this.prepare(method, path);
  }
}
