const WHITESPACE = new Set([' ', '\t', '\n', '\r']);
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/**
 * Where the first JSON syntax error in `text` is (a character offset), or `null` when the text
 * parses. Node's `JSON.parse` names a position for some errors only ("Unexpected token" and
 * "Unexpected end" carry none), and a person fixing a file needs the line. Iterative, so a
 * deeply nested file cannot overflow the stack.
 */
export function jsonErrorOffset(text: string): number | null {
  let i = 0;
  const closers: string[] = [];
  let expect: 'value' | 'key' | 'after' = 'value';

  const skipWhitespace = (): void => {
    while (i < text.length && WHITESPACE.has(text[i] ?? '')) {
      i++;
    }
  };
  /** Reads a string at `i`; on failure leaves `i` at the offending character. */
  const readString = (): boolean => {
    if (text[i] !== '"') {
      return false;
    }
    i++;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return true;
      }
      if (c < 0x20) {
        return false;
      }
      if (c === 0x5c) {
        ESCAPE.lastIndex = i;
        if (!ESCAPE.test(text)) {
          return false;
        }
        i = ESCAPE.lastIndex;
      } else {
        i++;
      }
    }
    return false;
  };
  const readScalar = (): boolean => {
    if (text[i] === '"') {
      return readString();
    }
    for (const literal of ['true', 'false', 'null']) {
      if (text.startsWith(literal, i)) {
        i += literal.length;
        return true;
      }
    }
    NUMBER.lastIndex = i;
    if (NUMBER.test(text)) {
      i = NUMBER.lastIndex;
      return true;
    }
    return false;
  };

  for (;;) {
    skipWhitespace();
    if (expect === 'value') {
      const c = text[i];
      if (c === '[' || c === '{') {
        closers.push(c === '[' ? ']' : '}');
        i++;
        skipWhitespace();
        if (text[i] === closers.at(-1)) {
          closers.pop();
          i++;
          expect = 'after';
        } else {
          expect = c === '[' ? 'value' : 'key';
        }
      } else if (readScalar()) {
        expect = 'after';
      } else {
        return i;
      }
    } else if (expect === 'key') {
      if (!readString()) {
        return i;
      }
      skipWhitespace();
      if (text[i] !== ':') {
        return i;
      }
      i++;
      expect = 'value';
    } else {
      const closer = closers.at(-1);
      if (closer === undefined) {
        return i === text.length ? null : i;
      }
      if (text[i] === ',') {
        i++;
        expect = closer === '}' ? 'key' : 'value';
      } else if (text[i] === closer) {
        closers.pop();
        i++;
      } else {
        return i;
      }
    }
  }
}
