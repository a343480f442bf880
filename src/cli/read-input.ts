import { InputError } from './errors';
import type { Io } from './io';

/** Reads a file named on the command line, turning I/O failures into a sentence. */
export function readInput(io: Io, flag: string, path: string): string {
  try {
    return io.readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a folder, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new InputError([`cannot read ${flag} ${path}: ${why}`]);
  }
}
