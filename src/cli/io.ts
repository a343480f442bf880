import { readTextFile } from './read-text-file';

/** What a command may touch, passed in so tests can run commands without a process. */
export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Reads a UTF-8 file of at most 64 MiB; `-` reads standard input. */
  readFile: (path: string) => string;
  /** Today in UTC (YYYY-MM-DD): the one clock read, at the edge. */
  today: () => string;
  env: Record<string, string | undefined>;
}

export function processIo(): Io {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    readFile: (path) => readTextFile(path),
    today: () => new Date().toISOString().slice(0, 10),
    env: process.env,
  };
}
