import { expect } from 'chai';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { fieldNamesReadByRoutes } from './field-names.js';
import {
  asFormText,
  bodyKind,
  brokenEncoding,
  hostileFields,
  hostileString,
  percentEncode,
  queryString,
  rawBody,
  stringsIn,
  type BodyKind,
  type Fields,
} from './hostile-values.js';
import { startHostileWorld, type HostileWorld } from './hostile-world.js';
import type { RawClient, RawRequest, RawResponse } from './raw-client.js';
import { registeredRoutes, type RegisteredRoute } from './route-inventory.js';
import { changesBetween, snapshotStore, TEXT_COLUMNS, type StoreChange } from './store-snapshot.js';

/** Generated requests per route; raise it (WARBLE_HOSTILE_RUNS=50) for a deeper search on your machine. */
const RUNS_PER_ROUTE = Number(process.env.WARBLE_HOSTILE_RUNS ?? 20);

type Caller = 'admin' | 'member' | 'anonymous';

interface Plan {
  caller: Caller;
  params: string[];
  query: Fields;
  rawQuery: string | null;
  kind: BodyKind;
  fields: Fields;
}

/** A fixed seed per route, so adding a route does not change what the others are sent. */
const seedOf = (route: RegisteredRoute): number => createHash('sha256').update(`${route.method} ${route.path}`).digest().readInt32LE(0);

/** Real values for a path parameter: by the segment before it (`/statuses/:id` is a post), else by its name. */
function worldValuesFor(route: RegisteredRoute, name: string, world: HostileWorld): readonly string[] {
  const segment = new RegExp(`([\\w-]+)/:${name}\\b`).exec(route.path)?.[1];
  return (segment ? world.values[`${segment}/`] : undefined) ?? world.values[name] ?? world.values['*'] ?? [];
}

function planFor(route: RegisteredRoute, world: HostileWorld, fieldNames: readonly string[]): fc.Arbitrary<Plan> {
  const wide = world.values['*'] ?? [];
  const param = (name: string) =>
    fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...worldValuesFor(route, name, world)).map(percentEncode) },
      { weight: 3, arbitrary: hostileString().filter((text) => text.length < 4000).map(percentEncode) },
      { weight: 1, arbitrary: brokenEncoding },
    );
  return fc.record({
    caller: fc.constantFrom<Caller>('admin', 'admin', 'member', 'anonymous'),
    params: fc.tuple(...route.paramNames.map(param)),
    // Kept under Node's 16 KB header limit, which answers 431 before Warble sees the request.
    query: fc
      .oneof(
        { weight: route.method === 'GET' ? 1 : 3, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: hostileFields(fieldNames, wide) },
        { weight: 1, arbitrary: hostileFields(Object.keys(world.plausible), wide).map((changed) => ({ ...world.plausible, ...changed })) },
      )
      .filter((fields) => JSON.stringify(fields).length < 6000),
    rawQuery: fc.option(brokenEncoding, { freq: 5 }),
    kind: route.method === 'GET' ? fc.constant<BodyKind>('none') : bodyKind,
    fields: fc.oneof(
      hostileFields(fieldNames, wide),
      hostileFields(Object.keys(world.plausible), wide).map((changed) => ({ ...world.plausible, ...changed })),
    ),
  });
}

function target(route: RegisteredRoute, plan: Plan): string {
  let index = 0;
  const path = route.path.replace(/:(\w+)/g, () => plan.params[index++] ?? 'x');
  const query = queryString(plan.query, plan.rawQuery);
  return query ? `${path}?${query}` : path;
}

/** Text columns changed by the request whose value is not one the request sent. */
function unacknowledgedText(changes: StoreChange[], sent: Set<string>): string[] {
  const problems: string[] = [];
  for (const change of changes) {
    for (const column of TEXT_COLUMNS[change.table] ?? []) {
      const value = change.after?.[column];
      // An empty text is nothing typed (a repost has none).
      if (typeof value !== 'string' || value === '' || value === change.before?.[column]) continue;
      if (!sent.has(value) && !sent.has(value.trim())) problems.push(`${change.key}.${column} = ${JSON.stringify(value.slice(0, 80))} was never sent`);
    }
  }
  return problems;
}

const REMOVES = /delete|remove|deactivate|suspend|archive|withdraw|revoke|leave|reject|decline|logout|unfollow|unbookmark|unfavourite|unreblog/;

/** Routes that remove things go last, so the others still meet the world's posts, groups and people. */
const removersLast = (routes: RegisteredRoute[]): RegisteredRoute[] => {
  const removes = (route: RegisteredRoute) => route.method === 'DELETE' || REMOVES.test(route.path);
  return [...routes.filter((route) => !removes(route)), ...routes.filter(removes)];
};

const describePlan = (route: RegisteredRoute, plan: Plan, requestTarget: string): string =>
  `${route.method} ${requestTarget.slice(0, 300)} as ${plan.caller}, ${plan.kind} body ${JSON.stringify(plan.fields).slice(0, 300)}`;

describe('hostile input over every route', function () {
  this.timeout(600_000);
  let world: HostileWorld;
  const answered: Array<{ route: string; status: number }> = [];
  before(async () => {
    world = await startHostileWorld();
  });
  after(() => world?.close());

  /** The caller's client and the request, ready to send (signing in again, if needed, happens here, before the snapshot). */
  async function prepare(route: RegisteredRoute, plan: Plan, requestTarget: string): Promise<{ client: RawClient; request: RawRequest }> {
    const headers: Record<string, string> = { accept: plan.kind === 'none' && route.path.startsWith('/api') ? 'application/json' : 'text/html, application/json' };
    let client: RawClient;
    const extra: Fields = {};
    if (plan.caller === 'admin') {
      const session = await world.adminSession();
      client = session.client;
      headers['x-csrf-token'] = session.csrf;
      extra._csrf = session.csrf;
    } else {
      client = world.anonymous();
      if (plan.caller === 'member') headers.authorization = `Bearer ${world.memberToken}`;
    }
    const body = rawBody(plan.kind, plan.fields, extra);
    if (body?.contentType) headers['content-type'] = body.contentType;
    if (body?.contentEncoding) headers['content-encoding'] = body.contentEncoding;
    return { client, request: { method: route.method, target: requestTarget, headers, ...(body ? { body: body.bytes } : {}) } };
  }

  /** Sends one planned request and says what went wrong with it, if anything. */
  async function problemWith(route: RegisteredRoute, plan: Plan): Promise<string | null> {
    const models = world.posts.testApp.container.models;
    const requestTarget = target(route, plan);
    const { client, request } = await prepare(route, plan, requestTarget);
    const before = await snapshotStore(models);
    let response: RawResponse;
    try {
      response = await client.send(request);
    } catch (error) {
      return `${describePlan(route, plan, requestTarget)}: no response (${(error as Error).message})`;
    }
    answered.push({ route: `${route.method} ${route.path}`, status: response.status });
    if (response.status >= 500) return `${describePlan(route, plan, requestTarget)}: ${response.status} ${response.text.slice(0, 200)}`;
    const changes = changesBetween(before, await snapshotStore(models));
    if (response.status >= 400 && changes.length > 0) {
      return `${describePlan(route, plan, requestTarget)}: refused with ${response.status} but changed ${changes.map((change) => change.key).join(', ')}`;
    }
    const sent = new Set([...stringsIn(plan.fields), ...Object.values(plan.fields).flatMap(asFormText), ...stringsIn(plan.query)]);
    const rewritten = unacknowledgedText(changes, sent);
    if (rewritten.length > 0) return `${describePlan(route, plan, requestTarget)}: ${response.status} but ${rewritten.join('; ')}`;
    return null;
  }

  it('no route answers 5xx, and nothing is stored but what was acknowledged', async () => {
    const routes = registeredRoutes(world.posts.testApp.app);
    expect(routes.length, 'routes found in the app').to.be.greaterThan(150);
    for (const required of ['POST /api/v1/statuses', 'POST /posts', 'POST /oauth/token', 'GET /media/:id', 'POST /plugins/webhooks/incoming/:token', 'GET /api/v1/streaming/user']) {
      expect(routes.map((route) => `${route.method} ${route.path}`)).to.include(required);
    }
    const fieldNames = fieldNamesReadByRoutes();
    const failures: string[] = [];
    for (const route of removersLast(routes)) {
      const details = await fc.check(
        fc.asyncProperty(planFor(route, world, fieldNames), async (plan) => {
          const problem = await problemWith(route, plan);
          if (problem) throw new Error(problem);
        }),
        { seed: seedOf(route), numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
      if (details.failed) failures.push((details.errorInstance as Error | null)?.message ?? `${route.method} ${route.path}: failed`);
    }
    expect(failures, failures.join('\n')).to.deep.equal([]);
    // A fuzzer stopped at the door (sign-in or CSRF broken) would pass without testing anything.
    const reachedHandlers = new Set(answered.filter((answer) => answer.status < 400).map((answer) => answer.route));
    expect(reachedHandlers.size, 'routes that accepted at least one generated request').to.be.greaterThan(routes.length * 0.7);
  });

  // Socket.IO and WebSocket handshakes are answered by the HTTP server before Koa, so no router lists them.
  it('no live-connection handshake (Socket.IO, Mastodon streaming WebSocket) answers 5xx', async () => {
    const handshake = fc.record({
      caller: fc.constantFrom<Caller>('admin', 'member', 'anonymous'),
      path: fc.constantFrom('/socket.io/', '/api/v1/streaming', '/api/v1/streaming/'),
      method: fc.constantFrom('GET', 'POST'),
      websocket: fc.boolean(),
      query: hostileFields(['EIO', 'transport', 'sid', 't', 'stream', 'tag', 'list', 'access_token', 'b64'], ['4', '3', 'polling', 'websocket', 'user', 'public', 'hashtag', 'deploy']),
      protocol: fc.option(hostileString().filter((text) => text.length < 2000).map(percentEncode)),
      fields: hostileFields(['0', '40', 'type', 'stream'], ['subscribe', 'user']),
    });
    const details = await fc.check(
      fc.asyncProperty(handshake, async (plan) => {
        const query = queryString(plan.caller === 'member' ? { access_token: world.memberToken, ...plan.query } : plan.query, null);
        const headers: Record<string, string> = { accept: '*/*' };
        if (plan.websocket) Object.assign(headers, { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' });
        if (plan.protocol) headers['sec-websocket-protocol'] = plan.protocol;
        const client = plan.caller === 'admin' ? (await world.adminSession()).client : world.anonymous();
        const body = plan.method === 'POST' ? Buffer.from(`4${JSON.stringify(plan.fields)}`) : undefined;
        const requestTarget = `${plan.path}?${query}`;
        let response: RawResponse;
        try {
          response = await client.send({ method: plan.websocket ? 'GET' : plan.method, target: requestTarget, headers, ...(body && !plan.websocket ? { body } : {}) });
        } catch (error) {
          // ws and Socket.IO may drop a bad handshake's socket without an answer; that is a refusal, not a crash.
          if (/socket hang up|ECONNRESET/.test((error as Error).message)) return;
          throw new Error(`${requestTarget.slice(0, 300)}: ${(error as Error).message}`);
        }
        if (response.status >= 500) throw new Error(`${plan.method} ${requestTarget.slice(0, 300)} (websocket: ${plan.websocket}): ${response.status} ${response.text.slice(0, 200)}`);
      }),
      { seed: 13, numRuns: RUNS_PER_ROUTE * 10, endOnFailure: true },
    );
    expect(details.failed, (details.errorInstance as Error | null)?.message).to.equal(false);
  });
});
