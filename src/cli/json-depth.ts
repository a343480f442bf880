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
      // Skip the string: to its closing quote, stepping over escaped characters.
      for (i++; i < text.length && text.charCodeAt(i) !== 0x22; i++) {
        if (text.charCodeAt(i) === 0x5c) {
          i++;
        }
      }
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
