import { expect } from 'chai';
import { IntervalJob } from '../../../server/jobs/interval-job.js';
import { createLogger } from '../../../server/logging/logger.js';
import { createMetrics } from '../../../server/observability/metrics.js';

describe('interval jobs', () => {
  const logger = createLogger('silent');

  it('never overlaps a run in progress, and stop() waits for it', async () => {
    let started = 0;
    let release!: () => void;
    const job = new IntervalJob({
      name: 'slow',
      intervalMs: 60_000,
      logger,
      run: () => {
        started += 1;
        return new Promise<void>((resolve) => (release = resolve));
      },
    });
    const first = job.tick();
    const second = job.tick();
    expect(started).to.equal(1);
    expect(second).to.equal(first);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(stopped, 'stop waits for the run').to.equal(false);
    release();
    await stopping;
    expect(stopped).to.equal(true);
  });

  it('counts runs by outcome and never throws a failure at its caller', async () => {
    const metrics = createMetrics({ processMetrics: false });
    const failing = new IntervalJob({ name: 'flaky', intervalMs: 60_000, logger, metrics, run: () => Promise.reject(new Error('boom')) });
    await failing.tick();
    const ok = new IntervalJob({ name: 'flaky', intervalMs: 60_000, logger, metrics, run: () => Promise.resolve() });
    await ok.tick();
    const text = await metrics.registry.metrics();
    expect(text).to.include('warble_job_runs_total{job="flaky",outcome="failed"} 1');
    expect(text).to.include('warble_job_runs_total{job="flaky",outcome="succeeded"} 1');
  });
});
