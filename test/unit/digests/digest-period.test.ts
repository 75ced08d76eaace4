import { expect } from 'chai';
import { dailyKey, duePeriods, isoWeek, weeklyKey } from '../../../server/services/digests/digest-period.js';

const at = (iso: string) => new Date(iso);
const schedule = { hourUtc: 7, weekday: 1 };

describe('digest periods', () => {
  it('names the UTC day and the ISO week, across year boundaries', () => {
    expect(dailyKey(at('2026-11-22T23:59:59Z'))).to.equal('daily:2026-11-22');
    expect(weeklyKey(at('2026-11-22T12:00:00Z'))).to.equal('weekly:2026-W47');
    // 1 January 2027 is a Friday: it belongs to the last ISO week of 2026.
    expect(isoWeek(at('2027-01-01T00:00:00Z'))).to.deep.equal({ year: 2026, week: 53 });
    // 29 December 2025 is a Monday in ISO week 1 of 2026.
    expect(weeklyKey(at('2025-12-29T08:00:00Z'))).to.equal('weekly:2026-W01');
  });

  it('the daily digest is due from hourUtc, the weekly one from hourUtc on its weekday for the rest of the week', () => {
    // Monday 23 November 2026.
    expect(duePeriods(at('2026-11-23T06:59:00Z'), schedule)).to.deep.equal([]);
    expect(duePeriods(at('2026-11-23T07:00:00Z'), schedule).map((p) => p.periodKey)).to.deep.equal(['daily:2026-11-23', 'weekly:2026-W48']);
    // Sunday 22 November, 06:00: neither today's daily (too early) nor a new week; W47's weekly is still due (it may have been missed).
    expect(duePeriods(at('2026-11-22T06:00:00Z'), schedule).map((p) => p.periodKey)).to.deep.equal(['weekly:2026-W47']);
    // Weekly on Friday: not yet on Thursday.
    expect(duePeriods(at('2026-11-26T12:00:00Z'), { hourUtc: 7, weekday: 5 }).map((p) => p.frequency)).to.deep.equal(['daily']);
    expect(duePeriods(at('2026-11-27T12:00:00Z'), { hourUtc: 7, weekday: 5 }).map((p) => p.frequency)).to.deep.equal(['daily', 'weekly']);
  });
});
