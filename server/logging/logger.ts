/** Structured JSON logs (pino): one line per event, machine-readable for IT. */
import { pino, type Logger } from 'pino';

export type { Logger };

/** Servers log to stdout; CLI commands log to stderr so their own output stays clean. */
export function createLogger(level: string, options: { stream?: 'stdout' | 'stderr' } = {}): Logger {
  return pino(
    {
      level,
      base: { service: 'warble' },
      redact: { paths: ['password', '*.password', 'req.headers.cookie', 'req.headers.authorization'], remove: true },
    },
    pino.destination({ fd: options.stream === 'stderr' ? 2 : 1, sync: options.stream === 'stderr' }),
  );
}
