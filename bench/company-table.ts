/**
 * Prints bench/company.ts's results: one table of routes (each beside the
 * hello route's rate, which is what stays comparable on a shared machine)
 * and the live-delivery figures, as console tables and as Markdown for
 * docs/architecture.md.
 */
import type { RouteRow } from './company-http.js';
import type { LiveRow } from './company-live.js';

const thousands = (value: number) => value.toLocaleString('en-US');

export function printResults(heading: string, rows: RouteRow[], live: LiveRow | undefined): void {
  const hello = rows[0]!['req/s'] || 1;
  const table = rows.map((row) => ({
    route: row.route,
    'req/s': row.note ? '-' : thousands(row['req/s']),
    'p50 ms': row.note ? '-' : row['p50 ms'],
    'p99 ms': row.note ? '-' : row['p99 ms'],
    'vs hello': row.note ? '-' : `${((row['req/s'] / hello) * 100).toFixed(row['req/s'] / hello < 0.1 ? 2 : 1)}%`,
    'statements/req': row.note || Number.isNaN(row['statements/req']) ? '-' : row['statements/req'],
    'server CPU ms/req': row.note || Number.isNaN(row['server CPU ms/req']) ? '-' : row['server CPU ms/req'],
    'non-2xx': row.note ? '-' : row['non-2xx'],
    'server RSS MB': row.note ? row.note : row['server RSS MB'],
  }));
  console.log(heading);
  console.table(table);
  if (live) console.table([live]);

  const columns = Object.keys(table[0]!) as Array<keyof (typeof table)[number]>;
  console.log('\nMarkdown:\n');
  console.log(`| ${columns.join(' | ')} |`);
  console.log(`| ${columns.map(() => '---').join(' | ')} |`);
  for (const row of table) console.log(`| ${columns.map((column) => String(row[column])).join(' | ')} |`);
  if (live) {
    console.log('');
    const liveColumns = Object.keys(live) as Array<keyof LiveRow>;
    console.log(`| live delivery | ${liveColumns.join(' | ')} |`);
    console.log(`| ${['', ...liveColumns].map(() => '---').join(' | ')} |`);
    console.log(`| home stream, followers of user0 | ${liveColumns.map((column) => thousands(live[column])).join(' | ')} |`);
  }
}
