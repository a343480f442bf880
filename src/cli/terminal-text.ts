/**
 * Text from files and arguments, made safe to print on a terminal. Titles, keys, sprint and
 * OKR names come from whoever wrote the backlog; printed raw, an escape sequence could clear
 * the screen, recolour it, set the window title or hide a link (OSC 8), a carriage return
 * could overwrite what came before, a newline could forge a row, and a bidi override could
 * reorder what a person reads. Every such character is shown as visible text instead:
 * `\u001b`, `\n`, `\u202e`.
 *
 * @example
 * terminalLines(['WEB-1  Redesign\u001b[2J']); // 'WEB-1  Redesign\\u001b[2J\n'
 */

/** DEL, the C1 controls (0x9b is a one-byte CSI), Unicode line breaks, bidi embeddings,
 * overrides and isolates: JSON.stringify leaves all of these raw. */
const UNSAFE_BEYOND_ASCII = '\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
/** The C0 controls too (NUL, BEL, BS, TAB, LF, CR, ESC, …): nothing of a line may break it. */
const UNSAFE_IN_TEXT = new RegExp(`[\\u0000-\\u001f${UNSAFE_BEYOND_ASCII}]`, 'g');
/** JSON.stringify escapes C0 in strings; the C0 left in its output are its own indentation. */
const UNSAFE_IN_JSON = new RegExp(`[${UNSAFE_BEYOND_ASCII}]`, 'g');
/** The same test without `g`: a 40 MB output with nothing to escape is searched once, not copied. */
const ANY_UNSAFE_IN_JSON = new RegExp(`[${UNSAFE_BEYOND_ASCII}]`);

const SHORT_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeCharacter(character: string): string {
  return SHORT_ESCAPES[character] ?? `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** One line of text with every control and bidi character escaped; printing it twice is safe. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_IN_TEXT, escapeCharacter);
}

/** Lines for stdout or stderr, each escaped whole and ended with a newline. */
export function terminalLines(lines: readonly string[]): string {
  return lines.map((line) => `${terminalText(line)}\n`).join('');
}

/**
 * `value` as indented JSON with the characters JSON.stringify leaves raw written as `\u`
 * escapes: still valid JSON that parses back to exactly the same data.
 */
export function terminalJson(value: unknown): string {
  const json = JSON.stringify(value, null, 2);
  return `${ANY_UNSAFE_IN_JSON.test(json) ? json.replace(UNSAFE_IN_JSON, escapeCharacter) : json}\n`;
}

/** `text` cut to `width` characters, the cut shown with "…": a long title keeps its row. */
export function clip(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}
