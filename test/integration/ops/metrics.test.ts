import { expect } from 'chai';
import supertest from 'supertest';
import { MEMBER, seedPeople, startTestApp, type TestApp } from '../../helpers/test-app.js';
import { startTestServer, type TestServer } from '../../helpers/test-server.js';
import { WebClient } from '../../helpers/web-client.js';

/** Parses Prometheus' text format: `name{labels} value` lines (comments skipped). */
function samples(text: string): Array<{ name: string; labels: string; value: number }> {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
      if (!match) throw new Error(`not Prometheus text format: ${line}`);
      return { name: match[1]!, labels: match[2] ?? '', value: Number(match[3]) };
    });
}

describe('metrics', () => {
  describe('with a token configured', () => {
    let testApp: TestApp;
    before(async () => {
      testApp = await startTestApp({ WARBLE_METRICS_TOKEN: 'scrape-me-please' });
      await seedPeople(testApp);
    });
    after(() => testApp.close());

    it('serves Prometheus text to the token holder: routes, sign-in failures, queries', async () => {
      await new WebClient(testApp).signIn(MEMBER.username, 'wrong password!');
      await supertest(testApp.callback).get('/healthz').expect(200);
      const response = await supertest(testApp.callback)
        .get('/metrics')
        .set('Authorization', 'Bearer scrape-me-please')
        .expect(200);
      expect(response.headers['content-type']).to.match(/^text\/plain/);
      const parsed = samples(response.text);
      const find = (name: string, label: string) => parsed.find((s) => s.name === name && s.labels.includes(label));
      expect(find('warble_http_request_duration_seconds_count', 'route="/healthz"')?.value).to.be.greaterThan(0);
      expect(find('warble_sign_in_failures_total', 'reason="wrong-password"')?.value).to.equal(1);
      expect(find('warble_db_query_duration_seconds_count', 'kind="SELECT"')?.value).to.be.greaterThan(0);
      // The label is the route pattern, never a raw path with ids in it.
      expect(parsed.every((s) => !/route="\/@/.test(s.labels))).to.equal(true);
    });

    it('counts the statements on the read connections with the rest (bench/company.ts divides them by requests)', async () => {
      const selects = async () =>
        samples((await supertest(testApp.callback).get('/metrics').set('Authorization', 'Bearer scrape-me-please').expect(200)).text).find(
          (s) => s.name === 'warble_db_query_duration_seconds_count' && s.labels.includes('kind="SELECT"'),
        )?.value ?? 0;
      const member = await testApp.container.models.User.findOne({ where: { username: MEMBER.username } });
      const before = await selects();
      // On SQLite these go to the read-only connections, not through Sequelize.
      for (let i = 0; i < 5; i += 1) await testApp.container.viewerReads.membershipsOf(member!.id);
      expect((await selects()) - before).to.be.at.least(5);
    });

    it('shows the database connections: pool states on PostgreSQL, queued writers on SQLite', async () => {
      const { sequelize } = testApp.container;
      // Hold one write transaction open while a second queues behind it (SQLite) or takes a second connection (PostgreSQL).
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      let first: Promise<unknown> = Promise.resolve();
      const started = new Promise<void>((resolve) => {
        first = sequelize.transaction(async () => {
          resolve();
          await held;
        });
      });
      await started;
      const second = sequelize.transaction(async () => undefined);
      const scrape = async () =>
        samples((await supertest(testApp.callback).get('/metrics').set('Authorization', 'Bearer scrape-me-please').expect(200)).text);
      const during = await scrape();
      release();
      await Promise.all([first, second]);
      const value = (parsed: typeof during, name: string, label = '') => parsed.find((s) => s.name === name && s.labels.includes(label))?.value;
      if (sequelize.getDialect() === 'postgres') {
        expect(value(during, 'warble_db_pool_connections', 'state="in_use"')).to.be.at.least(1);
        const afterwards = await scrape();
        expect(value(afterwards, 'warble_db_pool_connections', 'state="in_use"')).to.equal(0);
        expect(value(afterwards, 'warble_db_pool_connections', 'state="idle"')).to.be.at.least(1);
        expect(value(afterwards, 'warble_db_pool_connections', 'state="waiting"')).to.equal(0);
      } else {
        expect(value(during, 'warble_db_writers_waiting')).to.equal(1);
        expect(value(await scrape(), 'warble_db_writers_waiting')).to.equal(0);
      }
    });

    it('answers 404 to a wrong token and to no token (the endpoint is not advertised)', async () => {
      await supertest(testApp.callback).get('/metrics').set('Authorization', 'Bearer wrong').expect(404);
      await supertest(testApp.callback).get('/metrics').expect(404);
    });
  });

  describe('with nothing configured', () => {
    let server: TestServer;
    before(async () => {
      server = await startTestServer();
    });
    after(() => server.close());

    it('serves loopback scrapers, with Node process figures', async () => {
      const response = await fetch(`${server.url}/metrics`);
      expect(response.status).to.equal(200);
      const parsed = samples(await response.text());
      expect(parsed.some((s) => s.name === 'warble_process_resident_memory_bytes' && s.value > 0)).to.equal(true);
      expect(parsed.some((s) => s.name === 'warble_nodejs_eventloop_lag_seconds')).to.equal(true);
    });
  });

  describe('with an allow-list', () => {
    let testApp: TestApp;
    before(async () => {
      testApp = await startTestApp({ WARBLE_METRICS_ALLOW_FROM: '10.0.0.0/8' });
    });
    after(() => testApp.close());

    it('refuses an address outside it, loopback included', async () => {
      await supertest(testApp.callback).get('/metrics').expect(404);
    });
  });
});
