import { InputError } from './errors';
import type { Io } from './io';
import { InputTooLargeError } from './read-text-file';

/** Reads a file named on the command line, turning I/O failures into a sentence. */
export function readInput(io: Io, flag: string, path: string): string {
  try {
    return io.readFile(path);
  } catch (error) {
    throw new InputError([`cannot read ${flag} ${path}: ${whyUnreadable(error)}`]);
  }
}

function whyUnreadable(error: unknown): string {
  if (error instanceof InputTooLargeError) {
    return error.message;
  }
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT'
    ? 'no such file'
    : code === 'EISDIR'
      ? 'it is a folder, not a file'
      : code === 'EACCES'
        ? 'permission denied'
        : (error as Error).message;
}
