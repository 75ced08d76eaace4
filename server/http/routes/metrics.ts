/**
 * GET /metrics in Prometheus' text format, for a scraper holding the bearer
 * token (`metrics.token`) or calling from an allowed address
 * (`metrics.allowFrom`); with neither configured, loopback only. Anyone else
 * gets a 404, so the endpoint's existence is not advertised.
 */
import Router from '@koa/router';
import ipaddr from 'ipaddr.js';
import { timingSafeEqual } from 'node:crypto';
import type { Metrics } from '../../observability/metrics.js';
import type { AppContext, AppState } from '../context.js';

const LOOPBACK = ['127.0.0.0/8', '::1/128'];

function parseRanges(entries: readonly string[]): Array<[ipaddr.IPv4 | ipaddr.IPv6, number]> {
  return entries.map((entry) => (entry.includes('/') ? ipaddr.parseCIDR(entry) : [ipaddr.parse(entry), ipaddr.parse(entry).kind() === 'ipv4' ? 32 : 128]));
}

function addressAllowed(address: string, ranges: Array<[ipaddr.IPv4 | ipaddr.IPv6, number]>): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return ranges.some(([range, bits]) => parsed.kind() === range.kind() && parsed.match(range, bits));
}

function tokenMatches(ctx: AppContext, expected: string): boolean {
  const given = /^Bearer\s+(.+)$/i.exec(ctx.get('authorization'))?.[1] ?? '';
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function metricsRoutes(metrics: Metrics, access: { token: string; allowFrom: readonly string[] }): Router<AppState> {
  const ranges = parseRanges(access.allowFrom.length > 0 || access.token !== '' ? access.allowFrom : LOOPBACK);
  const router = new Router<AppState>();
  router.get('/metrics', async (ctx) => {
    const allowed = (access.token !== '' && tokenMatches(ctx, access.token)) || addressAllowed(ctx.ip, ranges);
    if (!allowed) {
      ctx.status = 404;
      ctx.body = { error: 'Not found' };
      return;
    }
    ctx.set('Cache-Control', 'no-store');
    ctx.type = metrics.registry.contentType;
    ctx.body = await metrics.registry.metrics();
  });
  return router;
}
