import { parseArgs } from 'node:util';
import {
  formatOkrFileIssue,
  isDay,
  keyResultReports,
  linkedDoneCheckIns,
  parseOkrFile,
  plan,
  suggestKeyResults,
  withCheckIns,
} from '../core/index';
import { readBacklog } from './backlog-file';
import { InputError, UsageError } from './errors';
import type { Io } from './io';
import { planToJson } from './plan-json';
import { planToTable } from './plan-table';
import { readInput } from './read-input';
import { terminalJson, terminalLines } from './terminal-text';

export const PLAN_HELP = `Usage: keyrank plan --issues <backlog.json> [--okrs <okrs.yml>] [--as-of <YYYY-MM-DD>] [--format table|json]

Scores a backlog snapshot against the OKRs and prints each key result's value, health and last
check-in, the stale ones and their owners, the ranked roadmap, the Icebox (with up to 3
suggested key results for each issue, from the text of the issues already linked), problems
and the sprint capacity check. No tracker is touched; linked-done key results take their
value from the backlog's done issues.

Options:
  --okrs <file>      the OKR file (YAML); default: $KEYRANK_OKRS or ./okrs.yml
  --issues <file>    the backlog: a JSON array of issue snapshots in current rank order; - reads stdin
  --as-of <date>     the day to score for (YYYY-MM-DD, UTC); default: today
  --format <format>  table (for people, the default) or json (for programs)
  -h, --help         show this help

Exit status: 0 planned; 1 bad input (the message names the file, the path and what is accepted);
2 wrong usage.
`;

/** `keyrank plan`: returns the exit code. */
export function planCommand(args: string[], io: Io): number {
  const { values } = parseFlags(args);
  if (values.help) {
    io.stdout(PLAN_HELP);
    return 0;
  }
  if (values.issues === undefined) {
    throw new UsageError('--issues is required (a backlog JSON file, or - for standard input)');
  }
  const format = values.format ?? 'table';
  if (format !== 'table' && format !== 'json') {
    throw new UsageError(`--format must be table or json, not "${format}"`);
  }
  const asOf = values['as-of'] ?? io.today();
  if (!isDay(asOf)) {
    throw new UsageError(`--as-of must be a date written YYYY-MM-DD, not "${asOf}"`);
  }
  const okrsPath = values.okrs ?? io.env.KEYRANK_OKRS ?? 'okrs.yml';

  const okrFile = parseOkrFile(readInput(io, '--okrs', okrsPath));
  io.stderr(
    terminalLines(okrFile.warnings.map((w) => `warning: ${formatOkrFileIssue(okrsPath, w)}`)),
  );
  if (!okrFile.ok) {
    throw new InputError(okrFile.errors.map((issue) => formatOkrFileIssue(okrsPath, issue)));
  }
  const issuesName = values.issues === '-' ? 'stdin' : values.issues;
  const backlog = readBacklog(issuesName, readInput(io, '--issues', values.issues));
  if (!backlog.ok) {
    throw new InputError([backlog.problem]);
  }

  const { issues } = backlog.backlog;
  // `linked-done` KRs take their value from the backlog before anything is scored: the file
  // holds done issues too, so it is all the work linked to them, as the core requires.
  const okrs = withCheckIns(okrFile.okrs, linkedDoneCheckIns(okrFile.okrs, issues, asOf));
  const result = plan({ okrs, issues, settings: okrFile.settings, asOf });
  const suggestions = suggestKeyResults(result, okrs);
  io.stdout(
    format === 'json'
      ? terminalJson(
          planToJson(result, keyResultReports(okrs, asOf, okrFile.settings), suggestions),
        )
      : planToTable(result, okrs, okrFile.settings, suggestions),
  );
  // The plan covers every readable issue; the skipped ones still make the run a failure.
  io.stderr(terminalLines(backlog.backlog.skipped.map((skipped) => `error: ${skipped}`)));
  return backlog.backlog.skipped.length > 0 ? 1 : 0;
}

function parseFlags(args: string[]) {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        okrs: { type: 'string' },
        issues: { type: 'string' },
        'as-of': { type: 'string' },
        format: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
