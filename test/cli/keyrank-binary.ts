import { spawn, type StdioOptions } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

/** The repository root, and the compiled binary test/global-setup.ts builds before any test. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'dist', 'cli', 'main.js');
/** A stack frame: `    at fn (file:line:col)` or `    at file:line:col`. Not just "  at …":
 * the table's KR lines say "at risk". */
const STACK_TRACE = /^\s+at .+:\d+:\d+\)?$/m;

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to standard input, which is then closed. */
  input?: string;
  /** A file descriptor to read standard input from instead (such as /dev/zero). */
  stdinFd?: number;
  env?: Record<string, string>;
  cwd?: string;
  /** Options for node itself, before the binary (such as `--import`). */
  nodeArgs?: string[];
}

/** Runs the binary; never rejects, so a failed assertion names the run, not the spawn. */
export async function keyrank(args: string[], options: RunOptions = {}): Promise<Run> {
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  if (options.env?.KEYRANK_OKRS === undefined) {
    delete env.KEYRANK_OKRS;
  }
  const stdio: StdioOptions = [options.stdinFd ?? 'pipe', 'pipe', 'pipe'];
  const run = await new Promise<Run>((resolve, reject) => {
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), BIN, ...args], {
      cwd: options.cwd ?? ROOT,
      env,
      stdio,
      timeout: 15_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
    child.stdin?.end(options.input ?? '');
  });
  // Whatever goes wrong, a person never sees a stack trace.
  expect(run.stderr).not.toMatch(STACK_TRACE);
  expect(run.stdout).not.toMatch(STACK_TRACE);
  return run;
}
