import {
  formatValidationIssue,
  lineAt,
  parseIssueSnapshot,
  type IssueSnapshot,
} from '../core/index';
import { jsonDepthOffset, MAX_JSON_DEPTH } from './json-depth';
import { jsonErrorOffset } from './json-error-offset';

export interface BacklogFile {
  issues: IssueSnapshot[];
  /** Entries that could not be read; the rest are still planned. */
  skipped: string[];
}

/**
 * Reads `backlog.json`. A file that is not a JSON array fails whole; a bad entry is skipped
 * with a message naming its index and key, so one bad issue never stops the rest.
 */
export function readBacklog(
  name: string,
  text: string,
): { ok: true; backlog: BacklogFile } | { ok: false; problem: string } {
  const tooDeep = jsonDepthOffset(text);
  if (tooDeep !== null) {
    return {
      ok: false,
      problem: `${name}: nested too deeply at line ${lineAt(text, tooDeep)} — Keyrank reads at most ${MAX_JSON_DEPTH} levels of [ and {`,
    };
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return { ok: false, problem: `${name}: not valid JSON — ${jsonErrorWhere(error, text)}` };
  }
  if (!Array.isArray(data)) {
    return {
      ok: false,
      problem: `${name}: must be a JSON array of issues ([{ "key": "ENG-1", "status": "backlog", … }])`,
    };
  }
  const issues: IssueSnapshot[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  data.forEach((entry: unknown, index) => {
    const parsed = parseIssueSnapshot(entry);
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => formatValidationIssue(issue, entry));
      skipped.push(`${entryName(name, index, entry)}: skipped — ${details.join('; ')}`);
      return;
    }
    // Set.add answers nothing, so the size tells a new key from one seen before: one lookup.
    const before = seen.size;
    seen.add(parsed.data.key);
    if (seen.size === before) {
      skipped.push(
        `${entryName(name, index, entry)}: skipped — key ${parsed.data.key} appears earlier in the file; keys must be unique`,
      );
      return;
    }
    issues.push(parsed.data);
  });
  return { ok: true, backlog: { issues, skipped } };
}

/** "backlog.json: [3] ENG-4", for a message about a skipped entry (worded only then). */
function entryName(name: string, index: number, entry: unknown): string {
  const key =
    typeof (entry as { key?: unknown } | null)?.key === 'string'
      ? (entry as { key: string }).key
      : undefined;
  return `${name}: [${index}]${key ? ` ${key}` : ''}`;
}

function jsonErrorWhere(error: unknown, text: string): string {
  const message = (error instanceof Error ? error.message : String(error))
    // V8 quotes the text around some errors ("Unexpected token '}', "…" is not valid JSON").
    .replace(/, (?:\.\.\.)?".*"(?:\.\.\.)? is not valid JSON$/s, '')
    .replace(/ in JSON at position \d+.*$/s, '');
  const position = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  const offset = position ? Number(position[1]) : jsonErrorOffset(text);
  if (offset === null) {
    return message;
  }
  return `${message} at line ${lineAt(text, offset)}`;
}
