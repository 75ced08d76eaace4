/**
 * A real pino logger whose JSON lines are kept in memory, so tests can check
 * what IT would read in the log (e.g. the reason of a refused sign-in).
 */
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** One parsed log line. */
export type LogLine = Record<string, unknown> & { msg?: string; level?: number };

export interface CapturedLog {
  logger: Logger;
  lines: LogLine[];
  /** Position to pass to `since`. */
  mark(): number;
  since(mark: number): LogLine[];
}

export function captureLog(level = 'debug'): CapturedLog {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString('utf8').split('\n')) if (text.trim() !== '') lines.push(JSON.parse(text) as LogLine);
      done();
    },
  });
  const logger = pino({ level, base: { service: 'warble' } }, stream);
  return { logger, lines, mark: () => lines.length, since: (mark) => lines.slice(mark) };
}
