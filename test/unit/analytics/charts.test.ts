import { expect } from 'chai';
import { barLineChart, heatMapChart, lineChart } from '../../../server/services/analytics/analytics-svg.js';
import { trackLinks } from '../../../server/http/views/tracked-links.js';
import { renderPostHtml } from '../../../server/domain/text/index.js';

const HOSTILE = '"><script>alert(1)</script><svg onload=alert(2)>';

describe('analytics SVG charts', () => {
  it('escapes a hostile keyword in the title and every point label', () => {
    const svg = lineChart({ title: `Mentions of ${HOSTILE}`, seriesName: HOSTILE, points: [{ label: '11-16', value: 2 }, { label: '11-17', value: 0 }] });
    expect(svg).not.to.include('<script>');
    expect(svg).not.to.include('<svg onload');
    expect(svg).to.include('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).to.include('&quot;&gt;');
    expect(svg).to.match(/^<svg class="chart chart-keyword"[^>]* role="img" aria-labelledby="([^"]+)"[^>]*><title id="\1">/);
  });

  it('draws no inline style (the CSP forbids it), only classes and attributes', () => {
    const charts = [
      barLineChart({ title: 't', bars: { name: 'impressions', points: [{ label: 'a', value: 3 }] }, line: { name: 'engagements', points: [{ label: 'a', value: 1 }] } }),
      heatMapChart({ title: 't', grid: Array.from({ length: 7 }, () => Array.from({ length: 24 }, (_, h) => h)), weekdayNames: ['M', 'T', 'W', 'T', 'F', 'S', 'S'], cellTitle: () => HOSTILE }),
    ];
    for (const svg of charts) {
      expect(svg).not.to.match(/style=/);
      expect(svg).not.to.include('<script>');
    }
  });

  it('titles every heat map cell, with shades from 0 (nothing) to 4 (the busiest hour)', () => {
    const grid = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    grid[1]![8] = 4;
    grid[0]![23] = 1;
    const svg = heatMapChart({ title: 'heat', grid, weekdayNames: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'], cellTitle: (d, h, c) => `${d}/${h}: ${c}` });
    expect(svg.match(/<rect class="heat /g)).to.have.length(168);
    expect(svg).to.include('<rect class="heat heat-4" x="282" y="32"');
    expect(svg).to.include('<title>1/8: 4</title>');
    expect(svg).to.include('class="heat heat-1"');
  });
});

describe('tracked links', () => {
  it('sends a post’s outbound links through /go and leaves mentions and hashtags alone', () => {
    const html = renderPostHtml('see https://example.com/a?b=1&c="2" with @bob #news', { mentionHref: (u) => `/@${u}`, hashtagHref: (t) => `/tags/${t}` });
    const tracked = trackLinks('01JABCDEFGHJKMNPQRSTVWXYZ0', html);
    expect(tracked).to.include('href="/go/01JABCDEFGHJKMNPQRSTVWXYZ0?u=https%3A%2F%2Fexample.com%2Fa%3Fb%3D1%26c%3D%25222%2522"');
    expect(tracked).to.include('href="/@bob"');
    expect(tracked).to.include('href="/tags/news"');
  });
});
