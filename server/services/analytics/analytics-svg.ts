/**
 * The dashboard's charts as SVG strings drawn on the server, so they read
 * without JavaScript and pass the strict CSP (no inline style: colours come
 * from classes in warble.css and presentation attributes). Every label and
 * title goes through escapeHtml here, because the page inserts the result
 * unescaped; a keyword someone typed is just text inside a <title>.
 */
import { scaleBand, scaleLinear } from 'd3-scale';
import { escapeHtml } from '../../domain/text/index.js';
import type { HeatGrid } from './analytics-buckets.js';

const esc = escapeHtml;
const round = (value: number) => Math.round(value * 10) / 10;

/** A labelled series for the line and bar charts. */
export interface ChartPoint {
  label: string;
  value: number;
}

interface ChartFrame {
  width: number;
  height: number;
  left: number;
  bottom: number;
  top: number;
  right: number;
}

const FRAME: ChartFrame = { width: 720, height: 220, left: 44, bottom: 28, top: 12, right: 12 };

function open(title: string, frame: ChartFrame, className: string): string {
  // role="img" + aria-labelledby gives screen readers the title and the description table-free.
  const id = `chart-${className}-${Math.abs(hash(title)).toString(36)}`;
  return `<svg class="chart ${className}" viewBox="0 0 ${frame.width} ${frame.height}" role="img" aria-labelledby="${id}" xmlns="http://www.w3.org/2000/svg"><title id="${id}">${esc(title)}</title>`;
}

function hash(text: string): number {
  let value = 0;
  for (const ch of text) value = (value * 31 + ch.codePointAt(0)!) | 0;
  return value;
}

function yAxis(max: number, frame: ChartFrame): { y: (value: number) => number; svg: string } {
  const y = scaleLinear().domain([0, Math.max(1, max)]).nice().range([frame.height - frame.bottom, frame.top]);
  const ticks = y.ticks(4).filter((tick) => Number.isInteger(tick));
  const svg = ticks
    .map(
      (tick) =>
        `<g class="tick"><line x1="${frame.left}" x2="${frame.width - frame.right}" y1="${round(y(tick))}" y2="${round(y(tick))}"/>` +
        `<text x="${frame.left - 6}" y="${round(y(tick)) + 4}" text-anchor="end">${esc(String(tick))}</text></g>`,
    )
    .join('');
  return { y, svg: `<g class="axis axis-y">${svg}</g>` };
}

function xLabels(labels: readonly string[], x: (label: string) => number, frame: ChartFrame): string {
  // About eight labels whatever the range, so 366 days stay readable.
  const step = Math.max(1, Math.ceil(labels.length / 8));
  const text = labels
    .filter((_, index) => index % step === 0)
    .map((label) => `<text x="${round(x(label))}" y="${frame.height - 8}" text-anchor="middle">${esc(label)}</text>`)
    .join('');
  return `<g class="axis axis-x">${text}</g>`;
}

/** Bars (e.g. impressions per day) with a line over them (e.g. engagement per day), each point titled for hover and screen readers. */
export function barLineChart(options: {
  title: string;
  bars: { name: string; points: readonly ChartPoint[] };
  line: { name: string; points: readonly ChartPoint[] };
}): string {
  const frame = FRAME;
  const labels = options.bars.points.map((point) => point.label);
  const max = Math.max(0, ...options.bars.points.map((p) => p.value), ...options.line.points.map((p) => p.value));
  const x = scaleBand<string>().domain(labels).range([frame.left, frame.width - frame.right]).paddingInner(0.2);
  const center = (label: string) => (x(label) ?? frame.left) + x.bandwidth() / 2;
  const { y, svg: axis } = yAxis(max, frame);
  const bars = options.bars.points
    .map(
      (point) =>
        `<rect class="bar" x="${round(x(point.label) ?? 0)}" y="${round(y(point.value))}" width="${round(x.bandwidth())}" height="${round(y(0) - y(point.value))}">` +
        `<title>${esc(`${point.label}: ${point.value} ${options.bars.name}`)}</title></rect>`,
    )
    .join('');
  const path = options.line.points.map((point, index) => `${index === 0 ? 'M' : 'L'}${round(center(point.label))},${round(y(point.value))}`).join('');
  const dots = options.line.points
    .map((point) => `<circle class="dot" cx="${round(center(point.label))}" cy="${round(y(point.value))}" r="3"><title>${esc(`${point.label}: ${point.value} ${options.line.name}`)}</title></circle>`)
    .join('');
  const legend =
    `<g class="legend"><rect class="bar" x="${frame.left}" y="0" width="10" height="10"/><text x="${frame.left + 14}" y="9">${esc(options.bars.name)}</text>` +
    `<circle class="dot" cx="${frame.left + 165}" cy="5" r="4"/><text x="${frame.left + 174}" y="9">${esc(options.line.name)}</text></g>`;
  return `${open(options.title, frame, 'chart-daily')}${axis}<g class="bars">${bars}</g>${path ? `<path class="line" d="${path}" fill="none"/>` : ''}<g class="dots">${dots}</g>${xLabels(labels, center, frame)}${legend}</svg>`;
}

/** A small line chart (a watched keyword's daily mentions). */
export function lineChart(options: { title: string; seriesName: string; points: readonly ChartPoint[] }): string {
  const frame: ChartFrame = { width: 360, height: 120, left: 32, bottom: 22, top: 8, right: 8 };
  const labels = options.points.map((point) => point.label);
  const x = scaleLinear().domain([0, Math.max(1, labels.length - 1)]).range([frame.left, frame.width - frame.right]);
  const { y, svg: axis } = yAxis(Math.max(0, ...options.points.map((p) => p.value)), frame);
  const path = options.points.map((point, index) => `${index === 0 ? 'M' : 'L'}${round(x(index))},${round(y(point.value))}`).join('');
  const dots = options.points
    .map((point, index) => `<circle class="dot" cx="${round(x(index))}" cy="${round(y(point.value))}" r="2"><title>${esc(`${point.label}: ${point.value} ${options.seriesName}`)}</title></circle>`)
    .join('');
  const position = (label: string) => x(labels.indexOf(label));
  return `${open(options.title, frame, 'chart-keyword')}${axis}${path ? `<path class="line" d="${path}" fill="none"/>` : ''}<g class="dots">${dots}</g>${xLabels(labels, position, frame)}</svg>`;
}

/**
 * The weekday x hour heat map: one cell per hour, five shades by quantile of
 * the busiest cell, each with a <title> ("Tuesday 10:00–11:00: 12").
 */
export function heatMapChart(options: {
  title: string;
  grid: HeatGrid;
  /** Seven names, Monday first, in the reader's language. */
  weekdayNames: readonly string[];
  cellTitle: (weekday: number, hour: number, count: number) => string;
}): string {
  const cell = 24;
  const frame: ChartFrame = { width: 90 + 24 * cell + 8, height: 7 * cell + 34, left: 90, bottom: 26, top: 8, right: 8 };
  const max = Math.max(0, ...options.grid.flat());
  const level = (count: number) => (count === 0 || max === 0 ? 0 : Math.min(4, Math.ceil((count / max) * 4)));
  const rows = options.grid
    .map((row, weekday) => {
      const y = frame.top + weekday * cell;
      const cells = row
        .map(
          (count, hour) =>
            `<rect class="heat heat-${level(count)}" x="${frame.left + hour * cell}" y="${y}" width="${cell - 2}" height="${cell - 2}" rx="3">` +
            `<title>${esc(options.cellTitle(weekday, hour, count))}</title></rect>`,
        )
        .join('');
      return `<text x="${frame.left - 8}" y="${y + cell / 2 + 4}" text-anchor="end">${esc(options.weekdayNames[weekday] ?? '')}</text>${cells}`;
    })
    .join('');
  const hours = [0, 3, 6, 9, 12, 15, 18, 21]
    .map((hour) => `<text x="${frame.left + hour * cell + (cell - 2) / 2}" y="${frame.top + 7 * cell + 16}" text-anchor="middle">${String(hour).padStart(2, '0')}</text>`)
    .join('');
  return `${open(options.title, frame, 'chart-heat')}<g class="heat-rows">${rows}</g><g class="axis axis-x">${hours}</g></svg>`;
}
