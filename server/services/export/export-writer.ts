/**
 * Turns export records into the bytes of an export file: JSON lines (one
 * record per line) or CSV with a header row. Shared by `warble export` and
 * the background exports of /admin/exports, so both write the same format.
 * The result is a stream pulled record by record: nothing is buffered whole.
 */
import { stringify } from 'csv-stringify';
import { pipeline, Readable } from 'node:stream';
import type { ExportRecord } from './compliance-export.js';

export type ExportFormat = 'jsonl' | 'csv';
export const EXPORT_FORMATS: readonly ExportFormat[] = ['jsonl', 'csv'];

export const isExportFormat = (value: string): value is ExportFormat => (EXPORT_FORMATS as readonly string[]).includes(value);

/** CSV columns, in order; participants are joined with spaces. */
export const EXPORT_COLUMNS: Array<keyof ExportRecord> = [
  'type', 'id', 'at', 'post_id', 'author_id', 'author', 'visibility', 'group', 'participants', 'in_reply_to_id',
  'text', 'deleted_at', 'hidden_at', 'file_name', 'content_type', 'size_bytes', 'storage_key',
];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  jsonl: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
};

export interface ExportStream {
  stream: Readable;
  /** Records written so far (the total once the stream has ended). */
  count(): number;
}

/** The export file's content as a stream; errors of `records` destroy the stream. */
export function exportStream(records: AsyncIterable<ExportRecord>, format: ExportFormat): ExportStream {
  let count = 0;
  async function* counted() {
    for await (const record of records) {
      count += 1;
      yield record;
    }
  }
  if (format === 'jsonl') {
    const lines = async function* () {
      for await (const record of counted()) yield `${JSON.stringify(record)}\n`;
    };
    return { stream: Readable.from(lines(), { objectMode: false }), count: () => count };
  }
  const rows = async function* () {
    for await (const record of counted()) {
      yield EXPORT_COLUMNS.map((column) => (column === 'participants' ? record.participants.join(' ') : record[column]));
    }
  };
  const csv = stringify({ header: true, columns: EXPORT_COLUMNS });
  // pipeline forwards an error of the source to `csv`, which is what callers read.
  pipeline(Readable.from(rows()), csv, () => undefined);
  return { stream: csv, count: () => count };
}
