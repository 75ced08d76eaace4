import { expect } from 'chai';
import supertest from 'supertest';
import { startTestApp, type TestApp } from '../helpers/test-app.js';

describe('health checks', () => {
  let testApp: TestApp;
  before(async () => {
    testApp = await startTestApp();
  });
  after(() => testApp.close());

  it('/healthz answers 200 JSON without touching sessions', async () => {
    const response = await supertest(testApp.callback).get('/healthz').expect(200);
    expect(response.body).to.deep.equal({ status: 'ok' });
    expect(response.headers['set-cookie']).to.equal(undefined);
  });

  it('/readyz reports the database reachable and every migration applied', async () => {
    const response = await supertest(testApp.callback).get('/readyz').expect(200);
    expect(response.body.status).to.equal('ready');
    expect(response.body.checks.database.ok).to.equal(true);
    expect(response.body.checks.migrations.ok).to.equal(true);
  });

  it('every response carries a request id and a strict Content-Security-Policy', async () => {
    const response = await supertest(testApp.callback).get('/healthz');
    expect(response.headers['x-request-id']).to.match(/^[0-9A-Z]{26}$/);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).to.include("default-src 'self'");
    expect(csp).to.include("script-src 'self'");
    expect(csp).not.to.include('unsafe-inline');
    expect(response.headers['x-content-type-options']).to.equal('nosniff');
  });

  it('/readyz answers 503 once the database is gone, while /healthz stays up', async () => {
    const doomed = await startTestApp();
    try {
      await doomed.container.sequelize.close();
      const response = await supertest(doomed.callback).get('/readyz').expect(503);
      expect(response.body.status).to.equal('unavailable');
      expect(response.body.checks.database.ok).to.equal(false);
      await supertest(doomed.callback).get('/healthz').expect(200);
    } finally {
      await doomed.container.close().catch(() => undefined);
      await doomed.database.drop();
    }
  });
});
