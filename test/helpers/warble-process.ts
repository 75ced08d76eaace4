/**
 * Runs the real `warble` command in a child process (from TypeScript
 * sources through tsx), as an operator would from a shell.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { projectRoot } from '../../server/paths.js';

const CLI = path.join(projectRoot, 'server/cli/main.ts');
const TSX = path.join(projectRoot, 'node_modules/tsx/dist/esm/index.mjs');

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('WARBLE_')));
  return { ...clean, WARBLE_LOG_LEVEL: 'warn', ...env };
}

export function spawnWarble(args: string[], env: Record<string, string>, cwd: string): ChildProcess {
  return spawn(process.execPath, [`--import=${TSX}`, CLI, ...args], { cwd, env: childEnv(env), stdio: 'pipe' });
}

export function runWarble(args: string[], env: Record<string, string>, cwd: string, stdin?: string): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawnWarble(args, env, cwd);
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin?.end(stdin ?? '');
  });
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

/** Polls until `url` answers 200 or the time runs out. */
export async function waitForOk(url: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
