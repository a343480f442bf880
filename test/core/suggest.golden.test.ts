import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSuggester, IssueSnapshotSchema, parseOkrFile } from '../../src/core/index';

/**
 * The suggester's exact answers on the labelled example, held in a fixture: its index is built
 * for speed (integer stem ids, typed-array postings, scratch arrays reused between calls), and
 * none of that may change a suggestion, a score or a reason.
 */

type Recorded = [kr: string, score: number, reason: string][];
const recorded = JSON.parse(readFileSync('test/fixtures/suggestions-example.json', 'utf8')) as {
  atBar: Record<string, Recorded>;
  noBar: Record<string, Recorded>;
};
const okrFile = parseOkrFile(readFileSync('examples/okrs.yml', 'utf8'));
if (!okrFile.ok) {
  throw new Error('examples/okrs.yml');
}
const okrs = okrFile.okrs;
const backlog = (
  JSON.parse(readFileSync('examples/suggestions/backlog.json', 'utf8')) as unknown[]
).map((entry) => IssueSnapshotSchema.parse(entry));
const { asOf } = JSON.parse(readFileSync('examples/suggestions/labels.json', 'utf8')) as {
  asOf: string;
};

describe('KR suggestions on the labelled example, exactly as recorded', () => {
  it.each([
    ['with the default bar', 'atBar', undefined],
    ['with no bar', 'noBar', 0],
  ] as const)('%s: every issue’s key results, scores and reasons', (_, which, threshold) => {
    const suggester = buildSuggester({ okrs, issues: backlog, asOf }, threshold);
    const got = Object.fromEntries(
      backlog.map((issue) => [
        issue.key,
        suggester.suggest(issue).map((s) => [s.kr, s.score, s.reason]),
      ]),
    );
    expect(got).toEqual(recorded[which]);
  });

  it('answers the same whatever was asked before: backwards, twice over', () => {
    const suggester = buildSuggester({ okrs, issues: backlog, asOf }, 0);
    for (const issue of [...backlog].reverse().concat(backlog)) {
      expect(suggester.suggest(issue).map((s) => [s.kr, s.score, s.reason])).toEqual(
        recorded.noBar[issue.key],
      );
    }
  });
});
