import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/cli/errors';
import type { Io } from '../../src/cli/io';
import { readInput } from '../../src/cli/read-input';
import { InputTooLargeError, MAX_INPUT_BYTES } from '../../src/cli/read-text-file';

/** An Io whose reads fail as the file system would; CI runs as root, so EACCES is staged. */
function failingIo(code: string, message = `${code}: failed`): Io {
  return {
    stdout: () => undefined,
    stderr: () => undefined,
    today: () => '2026-11-15',
    env: {},
    readFile: () => {
      throw Object.assign(new Error(message), { code });
    },
  };
}

describe('readInput', () => {
  it.each([
    ['ENOENT', 'no such file'],
    ['EISDIR', 'it is a folder, not a file'],
    ['EACCES', 'permission denied'],
    ['EIO', 'EIO: i/o error, read'],
  ])('turns %s into "%s"', (code, why) => {
    const io = failingIo(code, code === 'EIO' ? 'EIO: i/o error, read' : undefined);
    expect(() => readInput(io, '--issues', 'backlog.json')).toThrow(InputError);
    try {
      readInput(io, '--issues', 'backlog.json');
    } catch (error) {
      expect((error as InputError).problems).toEqual([`cannot read --issues backlog.json: ${why}`]);
    }
  });

  it('returns the text when the read succeeds', () => {
    const io = { ...failingIo('ENOENT'), readFile: (path: string) => `contents of ${path}` };
    expect(readInput(io, '--okrs', 'okrs.yml')).toBe('contents of okrs.yml');
  });
});

describe('readInput: inputs past the limit', () => {
  it('names the flag, the file and the limit', () => {
    const io = {
      ...failingIo('ENOENT'),
      readFile: () => {
        throw new InputTooLargeError(MAX_INPUT_BYTES);
      },
    };
    expect(() => readInput(io, '--issues', '/dev/zero')).toThrow(
      new InputError([
        'cannot read --issues /dev/zero: larger than 64 MiB, the most Keyrank reads from one file',
      ]),
    );
  });
});
