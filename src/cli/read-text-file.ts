import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

/** The most `keyrank` reads from one input file: far beyond any backlog or OKR file. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

const CHUNK_BYTES = 1024 * 1024;

/** A file past the input limit: refused before it is read whole. */
export class InputTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`larger than ${limitBytes / (1024 * 1024)} MiB, the most Keyrank reads from one file`);
    this.name = 'InputTooLargeError';
  }
}

/**
 * Reads a UTF-8 file (`-`: standard input) of at most `limitBytes`, stopping as soon as it
 * passes the limit: `/dev/zero`, a FIFO or a runaway pipe never ends, and a regular file's size
 * is refused before any of it is read. A byte order mark is dropped, as editors on Windows
 * write one.
 */
export function readTextFile(path: string, limitBytes = MAX_INPUT_BYTES): string {
  const fd = path === '-' ? 0 : openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size > limitBytes) {
      throw new InputTooLargeError(limitBytes);
    }
    // Full chunks, never copied while reading: refusing a stream holds the limit, not twice it.
    const full: Buffer[] = [];
    // A regular file's size is known: one chunk holds it, and a byte more to notice growth.
    let chunk = Buffer.allocUnsafe(stat.isFile() ? stat.size + 1 : CHUNK_BYTES);
    let used = 0;
    let total = 0;
    for (;;) {
      const read = readSync(fd, chunk, used, chunk.length - used, null);
      if (read === 0) {
        break;
      }
      used += read;
      total += read;
      // One byte past the limit tells a file of exactly the limit from a longer one.
      if (total > limitBytes) {
        throw new InputTooLargeError(limitBytes);
      }
      if (used === chunk.length) {
        full.push(chunk);
        chunk = Buffer.allocUnsafe(CHUNK_BYTES);
        used = 0;
      }
    }
    const bytes =
      full.length === 0 ? chunk.subarray(0, used) : Buffer.concat([...full, chunk], total);
    return decodeUtf8(bytes);
  } finally {
    if (fd !== 0) {
      closeSync(fd);
    }
  }
}

const BOM = [0xef, 0xbb, 0xbf];

/**
 * UTF-8 bytes as text without a leading byte order mark. Valid bytes (nearly every file) take
 * Buffer's decoder, several times faster than TextDecoder on a large backlog; invalid ones go
 * to TextDecoder, whose U+FFFD replacements follow the WHATWG rules exactly.
 */
function decodeUtf8(bytes: Buffer): string {
  if (!isUtf8(bytes)) {
    return new TextDecoder('utf-8').decode(bytes);
  }
  const bom = bytes[0] === BOM[0] && bytes[1] === BOM[1] && bytes[2] === BOM[2] ? 3 : 0;
  return bytes.toString('utf8', bom);
}
