import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputTooLargeError, MAX_INPUT_BYTES, readTextFile } from '../../src/cli/read-text-file';

let scratch: string;

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'keyrank-read-'));
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function file(name: string, content: string | Buffer): string {
  const path = join(scratch, name);
  writeFileSync(path, content);
  return path;
}

describe('readTextFile', () => {
  it('reads UTF-8 text', () => {
    expect(readTextFile(file('plain.txt', 'Café · 日本語\n'))).toBe('Café · 日本語\n');
  });

  it('drops a byte order mark at the start, and only there', () => {
    const path = file('bom.txt', '\uFEFF[1]\uFEFF');
    expect(readTextFile(path)).toBe('[1]\uFEFF');
  });

  it.each([
    ['a lone continuation byte', Buffer.from([0x5b, 0x80, 0x5d])],
    ['a truncated sequence', Buffer.from([0x5b, 0xe6, 0x97, 0x5d])],
    ['an overlong encoding', Buffer.from([0x5b, 0xc0, 0xaf, 0x5d])],
    ['a byte order mark, then a surrogate', Buffer.from([0xef, 0xbb, 0xbf, 0xed, 0xa0, 0x80])],
  ])('replaces invalid bytes as the WHATWG decoder does: %s', (_, bytes) => {
    const path = file('invalid.txt', bytes);
    expect(readTextFile(path)).toBe(new TextDecoder('utf-8').decode(bytes));
    expect(readTextFile(path)).toContain('\uFFFD');
  });

  it('reads a file of exactly the limit', () => {
    expect(readTextFile(file('ten.txt', '0123456789'), 10)).toBe('0123456789');
  });

  it('refuses a regular file one byte past the limit by its size', () => {
    expect(() => readTextFile(file('eleven.txt', '0123456789A'), 10)).toThrow(InputTooLargeError);
  });

  it('refuses an endless device once past the limit, reading no further', () => {
    expect(() => readTextFile('/dev/zero', 3 * 1024 * 1024 + 1)).toThrow(
      new InputTooLargeError(3 * 1024 * 1024 + 1),
    );
  });

  it('refuses a FIFO whose writer never stops', async () => {
    const fifo = join(scratch, 'fifo');
    execFileSync('mkfifo', [fifo]);
    // The writer runs in another process: opening a FIFO waits for both ends.
    const writer = spawn('sh', ['-c', `exec cat /dev/zero > '${fifo}'`], { stdio: 'ignore' });
    try {
      expect(() => readTextFile(fifo, 1024 * 1024)).toThrow(InputTooLargeError);
    } finally {
      writer.kill();
      await new Promise((resolve) => writer.on('close', resolve));
    }
  });

  it('says the limit in MiB', () => {
    expect(new InputTooLargeError(MAX_INPUT_BYTES).message).toBe(
      'larger than 64 MiB, the most Keyrank reads from one file',
    );
  });

  it.each([
    ['a missing file', () => join(scratch, 'nope.json'), 'ENOENT'],
    [
      'a folder',
      () => {
        const path = join(scratch, 'folder');
        mkdirSync(path, { recursive: true });
        return path;
      },
      'EISDIR',
    ],
  ])('fails on %s with the system error code readInput explains', (_name, path, code) => {
    expect(() => readTextFile(path())).toThrow(expect.objectContaining({ code }));
  });
});
