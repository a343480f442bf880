/** Levels of `[` and `{` a backlog may nest; an issue snapshot needs 3. */
export const MAX_JSON_DEPTH = 64;

/**
 * The offset of the first `[` or `{` that opens level `MAX_JSON_DEPTH + 1`, or `null`. Checked
 * before `JSON.parse`, which builds every level (a 60 MB file of brackets takes it 3 GB and
 * 14 s) though no backlog needs more than a few. Only strings need skipping: elsewhere a
 * bracket is a bracket, and syntax errors are `JSON.parse`'s to report.
 */
export function jsonDepthOffset(text: string): number | null {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      i = closingQuote(text, i);
    } else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > MAX_JSON_DEPTH) {
        return i;
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return null;
}

/**
 * The offset of the quote that closes the string opened at `open` (the text's length when
 * none does). indexOf runs natively over the string's text, most of a backlog; a quote after
 * an odd number of backslashes is escaped.
 */
function closingQuote(text: string, open: number): number {
  for (let quote = text.indexOf('"', open + 1); quote >= 0; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) {
      backslashes++;
    }
    if (backslashes % 2 === 0) {
      return quote;
    }
  }
  return text.length;
}
