import { expect } from 'chai';
import { bestHour, heatMap, perDay, topPosts, totalsOf, type AnalyticsEvent } from '../../../server/services/analytics/analytics-buckets.js';
import { dailyCsv, heatMapCsv } from '../../../server/services/analytics/analytics-csv.js';
import { parseDateRange } from '../../../server/services/analytics/date-range.js';
import { startOfDay, zonedParts } from '../../../server/services/analytics/time-zones.js';

const at = (iso: string) => new Date(iso);
const like = (iso: string, postId = 'p1'): AnalyticsEvent => ({ kind: 'like', postId, at: at(iso) });

describe('analytics bucketing', () => {
  it('reads an instant on the clock of a time zone (weekday Monday first, hour, day)', () => {
    expect(zonedParts(at('2026-11-16T23:30:00Z'), 'UTC')).to.deep.equal({ weekday: 0, hour: 23, day: '2026-11-16' });
    expect(zonedParts(at('2026-11-16T23:30:00Z'), 'Asia/Tokyo')).to.deep.equal({ weekday: 1, hour: 8, day: '2026-11-17' });
    expect(zonedParts(at('2026-11-16T23:30:00Z'), 'America/New_York')).to.deep.equal({ weekday: 0, hour: 18, day: '2026-11-16' });
    expect(zonedParts(at('2026-11-16T00:10:00Z'), 'Asia/Kolkata')).to.deep.equal({ weekday: 0, hour: 5, day: '2026-11-16' });
  });

  it('finds local midnight across a daylight saving change', () => {
    expect(startOfDay('2026-03-29', 'Europe/Paris').toISOString()).to.equal('2026-03-28T23:00:00.000Z');
    expect(startOfDay('2026-03-30', 'Europe/Paris').toISOString()).to.equal('2026-03-29T22:00:00.000Z');
    expect(startOfDay('2026-11-17', 'Asia/Tokyo').toISOString()).to.equal('2026-11-16T15:00:00.000Z');
  });

  it('puts a like at 2026-11-16T23:30Z on Monday 23:00 in UTC and on Tuesday 08:00 in Tokyo', () => {
    const events = [like('2026-11-16T23:30:00Z')];
    expect(heatMap(events, 'UTC')[0]![23]).to.equal(1);
    expect(heatMap(events, 'Asia/Tokyo')[1]![8]).to.equal(1);
    expect(heatMap(events, 'Asia/Tokyo').flat().reduce((a, b) => a + b)).to.equal(1);
    expect(bestHour(heatMap(events, 'Asia/Tokyo'))).to.deep.equal({ weekday: 'tue', hour: 8, count: 1 });
  });

  it('picks the busiest hour, the earliest in the week on a tie, and none for an empty map', () => {
    const events = [like('2026-11-18T10:05:00Z'), like('2026-11-18T10:55:00Z'), like('2026-11-17T09:00:00Z'), like('2026-11-17T09:30:00Z')];
    expect(bestHour(heatMap(events, 'UTC'))).to.deep.equal({ weekday: 'tue', hour: 9, count: 2 });
    expect(bestHour(heatMap([], 'UTC'))).to.equal(null);
  });

  it('counts days on the reader’s calendar, zero-filled', () => {
    const rows = perDay(['2026-11-16', '2026-11-17'], 'Asia/Tokyo', {
      posts: [at('2026-11-16T01:00:00Z')],
      events: [like('2026-11-16T23:30:00Z'), { kind: 'impression', postId: 'p1', at: at('2026-11-16T02:00:00Z') }],
      follows: [],
    });
    expect(rows).to.deep.equal([
      { day: '2026-11-16', posts: 1, impressions: 1, engagements: 0, follows: 0 },
      { day: '2026-11-17', posts: 0, impressions: 0, engagements: 1, follows: 0 },
    ]);
  });

  it('totals engagement and its rate, and ranks top posts by engagement', () => {
    const events: AnalyticsEvent[] = [
      { kind: 'impression', postId: 'a', at: at('2026-11-16T00:00:00Z') },
      { kind: 'impression', postId: 'a', at: at('2026-11-16T00:00:00Z') },
      { kind: 'impression', postId: 'b', at: at('2026-11-16T00:00:00Z') },
      { kind: 'impression', postId: 'b', at: at('2026-11-16T00:00:00Z') },
      { kind: 'reply', postId: 'b', at: at('2026-11-16T00:00:00Z') },
      { kind: 'click', postId: 'b', at: at('2026-11-16T00:00:00Z') },
    ];
    const totals = totalsOf(2, events, 3);
    expect(totals).to.include({ impressions: 4, replies: 1, clicks: 1, engagements: 2, engagementRate: 0.5, follows: 3 });
    expect(totalsOf(0, [], 0).engagementRate).to.equal(null);
    expect(topPosts(events, 1)).to.deep.equal([{ postId: 'b', impressions: 2, engagements: 2 }]);
  });

  it('writes the CSV exports with fixed columns', () => {
    expect(dailyCsv([{ day: '2026-11-16', posts: 1, impressions: 2, engagements: 3, follows: 4 }])).to.equal(
      'day,posts,impressions,engagements,follows\n2026-11-16,1,2,3,4\n',
    );
    const heat = heatMapCsv(heatMap([like('2026-11-16T23:30:00Z')], 'UTC')).trim().split('\n');
    expect(heat).to.have.length(1 + 7 * 24);
    expect(heat).to.include('mon,23,1');
  });
});

describe('analytics date range', () => {
  const now = at('2026-11-22T10:00:00Z');

  it('defaults to the last 28 days, today included, on the reader’s calendar', () => {
    const { range, errors } = parseDateRange({}, 'UTC', now);
    expect(errors).to.deep.equal({});
    expect([range.from, range.to, range.days.length]).to.deep.equal(['2026-10-26', '2026-11-22', 28]);
    expect(range.end.toISOString()).to.equal('2026-11-23T00:00:00.000Z');
    expect(parseDateRange({}, 'Pacific/Kiritimati', at('2026-11-22T23:00:00Z')).range.to).to.equal('2026-11-23');
  });

  it('reports impossible dates, reversed and too long ranges per field', () => {
    expect(parseDateRange({ from: '2026-02-30' }, 'UTC', now).errors).to.deep.equal({ from: 'analytics.errors.badDate' });
    expect(parseDateRange({ to: '22/11/2026' }, 'UTC', now).errors).to.deep.equal({ to: 'analytics.errors.badDate' });
    expect(parseDateRange({ from: '2026-11-20', to: '2026-11-10' }, 'UTC', now).errors).to.deep.equal({ from: 'analytics.errors.fromAfterTo' });
    expect(parseDateRange({ from: '2024-12-31', to: '2026-01-01' }, 'UTC', now).errors).to.deep.equal({ from: 'analytics.errors.tooLong' });
    expect(parseDateRange({ from: '2024-12-31', to: '2026-01-01' }, 'UTC', now).range.days).to.have.length(28);
    expect(parseDateRange({ from: '2025-01-02', to: '2026-01-02' }, 'UTC', now).range.days).to.have.length(366);
  });
});
