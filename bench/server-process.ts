/** Starts Warble in its own process for benchmarks, so the load generator never shares its event loop. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const cli = path.join(root, 'server/cli/main.ts');
const tsx = path.join(root, 'node_modules/tsx/dist/esm/index.mjs');

export interface BenchServer {
  url: string;
  child: ChildProcess;
  rssMb(): number;
  /**
   * CPU time the server process has used so far (user + system, all its
   * threads: SQLite's thread pool included), in milliseconds. Divided by the
   * requests of a run it gives CPU per request, which a busy machine disturbs
   * far less than requests per second.
   */
  cpuMs(): number;
  /**
   * RSS split as the kernel counts it: anonymous memory (V8's heap, SQLite's
   * page caches, native buffers) and file-backed pages (the memory-mapped
   * database file, shared libraries), which the kernel can drop at will.
   */
  rssPartsMb(): { anon: number; file: number };
  /**
   * With `traceGc`: the V8 heap in use right after each full (mark-compact)
   * collection since the last call, in MB. What survives a full collection is
   * what the process really holds; a leak shows as this floor rising.
   */
  takeHeapAfterFullGcMb(): number[];
  stop(): Promise<void>;
}

export interface BenchServerOptions {
  /** Run the server with --trace-gc and read its mark-compact lines (its stdout is then not shown). */
  traceGc?: boolean;
}

// `… Mark-Compact 120.5 (150.3) -> 80.2 (145.1) MB, …` (V8's --trace-gc line): used (committed) before -> after.
const MARK_COMPACT = /Mark-Compact[^0-9]*[0-9.]+ \([0-9.]+\) -> ([0-9.]+) \([0-9.]+\) MB/;

/** USER_HZ, 100 on every Linux this runs on (sysconf(_SC_CLK_TCK) is not reachable from Node.js). */
const CLOCK_TICKS_PER_SECOND = 100;

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Runs a `warble` subcommand to completion (e.g. to add the benchmark user). */
export function warble(args: string[], env: NodeJS.ProcessEnv, input = ''): void {
  const result = spawnSync(process.execPath, [`--import=${tsx}`, cli, ...args], { env, input, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`warble ${args.join(' ')} failed: ${result.stderr}`);
}

export async function startBenchServer(env: NodeJS.ProcessEnv, options: BenchServerOptions = {}): Promise<BenchServer> {
  const port = await freePort();
  /** One `/proc/<pid>/status` figure (kB there), in MB. */
  const statusMb = (field: string) => {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0) / 1024);
  };
  // BENCH_NODE_ARGS: extra Node.js flags for the server, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles` to profile a run.
  const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
  const child = spawn(process.execPath, [...nodeArgs, ...(options.traceGc ? ['--trace-gc'] : []), `--import=${tsx}`, cli, 'serve'], {
    env: { UV_THREADPOOL_SIZE: '16', ...env, WARBLE_PORT: String(port), WARBLE_LOG_LEVEL: 'silent' },
    stdio: options.traceGc ? ['ignore', 'pipe', 'inherit'] : 'inherit',
  });
  let heapAfterFullGc: number[] = [];
  if (child.stdout) {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const match = MARK_COMPACT.exec(line);
      if (match) heapAfterFullGc.push(Number(match[1]));
    });
  }
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 200; attempt += 1) {
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  return {
    url,
    child,
    rssMb: () => statusMb('VmRSS'),
    cpuMs: () => {
      // /proc/<pid>/stat: fields 14 and 15 (utime, stime) in clock ticks; the command name (field 2) may hold spaces, so count after its ')'.
      const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
    },
    rssPartsMb: () => ({ anon: statusMb('RssAnon'), file: statusMb('RssFile') }),
    takeHeapAfterFullGcMb: () => {
      const taken = heapAfterFullGc;
      heapAfterFullGc = [];
      return taken;
    },
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
