/**
 * Low-level life cycle of one slapd child process: free port, spawn in the
 * foreground (`-d stats`, so it never daemonises and its log is captured),
 * wait until it answers LDAP, stop with SIGTERM (SIGKILL after a grace period).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Client } from 'ldapts';

/** Asks the kernel for a currently unused loopback TCP port. */
export function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

/** What a running slapd needs to be probed. */
export interface ProbeCredentials {
  dn: string;
  password: string;
}

/** A running slapd child and its captured log. */
export interface SlapdProcess {
  child: ChildProcess;
  exited: Promise<number | null>;
}

const SLAPD = '/usr/sbin/slapd';

async function answers(url: string, credentials: ProbeCredentials): Promise<boolean> {
  const client = new Client({ url, connectTimeout: 250, timeout: 500 });
  try {
    await client.bind(credentials.dn, credentials.password);
    return true;
  } catch {
    return false;
  } finally {
    await client.unbind().catch(() => undefined);
  }
}

/**
 * Spawns slapd on `port` and resolves once an admin bind succeeds. Rejects
 * (with the tail of the slapd log) if the process exits first or does not
 * answer within `timeoutMs`.
 */
export async function spawnSlapd(options: {
  confFile: string;
  port: number;
  probe: ProbeCredentials;
  onLog: (chunk: string) => void;
  logTail: () => string;
  timeoutMs?: number;
}): Promise<SlapdProcess> {
  const url = `ldap://127.0.0.1:${options.port}`;
  const child = spawn(SLAPD, ['-d', 'stats', '-h', `${url}/`, '-f', options.confFile], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.setEncoding('utf8').on('data', options.onLog);
  child.stderr?.setEncoding('utf8').on('data', options.onLog);
  let hasExited = false;
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      hasExited = true;
      resolve(code);
    });
    child.once('error', (error) => {
      hasExited = true;
      options.onLog(`spawn error: ${error.message}\n`);
      resolve(null);
    });
  });
  const deadline = Date.now() + (options.timeoutMs ?? 5000);
  while (Date.now() < deadline) {
    if (hasExited) break;
    if (await answers(url, options.probe)) return { child, exited };
    await new Promise((resolve) => setTimeout(resolve, 15));
  }
  if (!hasExited) {
    child.kill('SIGKILL');
    await exited;
  }
  throw new Error(`slapd did not come up on ${url}:\n${options.logTail()}`);
}

/** Stops slapd gracefully (SIGTERM), escalating to SIGKILL after `graceMs`. */
export async function stopSlapd(slapd: SlapdProcess, graceMs = 3000): Promise<void> {
  if (slapd.child.exitCode !== null || slapd.child.signalCode !== null) return;
  slapd.child.kill('SIGTERM');
  const timer = setTimeout(() => slapd.child.kill('SIGKILL'), graceMs);
  try {
    await slapd.exited;
  } finally {
    clearTimeout(timer);
  }
}
