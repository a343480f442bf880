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
    const key =
      typeof (entry as { key?: unknown } | null)?.key === 'string'
        ? (entry as { key: string }).key
        : undefined;
    const where = `${name}: [${index}]${key ? ` ${key}` : ''}`;
    if (!parsed.success) {
      const details = parsed.error.issues.map((issue) => formatValidationIssue(issue, entry));
      skipped.push(`${where}: skipped — ${details.join('; ')}`);
      return;
    }
    if (seen.has(parsed.data.key)) {
      skipped.push(
        `${where}: skipped — key ${parsed.data.key} appears earlier in the file; keys must be unique`,
      );
      return;
    }
    seen.add(parsed.data.key);
    issues.push(parsed.data);
  });
  return { ok: true, backlog: { issues, skipped } };
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
