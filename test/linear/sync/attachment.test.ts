import { describe, expect, it } from 'vitest';
import { decideIssue, type IssueSnapshot } from '../../../src/core/index';
import { scoreLinks } from '../../../src/linear/server/score-links';
import { attachmentFor, sameAttachment } from '../../../src/linear/sync/attachment';
import { SECRET } from '../support/webhooks';
import { AS_OF, fixtureOkrs, PUBLIC_URL } from '../support/workspace';

const { okrs, settings } = fixtureOkrs();
const links = scoreLinks(PUBLIC_URL, SECRET);
const iceboxed: IssueSnapshot = {
  key: 'ENG-9',
  title: 'More templates',
  status: 'backlog',
  labels: [],
  keyResults: [],
};
const reason = 'shares: templates, gallery · like ENG-1';

describe('the suggestion on a score attachment', () => {
  it('is named in the subtitle and metadata of an iceboxed issue, its score rounded', () => {
    const decision = decideIssue(iceboxed, okrs, settings, AS_OF);
    const attachment = attachmentFor(decision, [], links, { kr: 'O2-KR1', score: 0.7412, reason });
    expect(attachment.subtitle).toBe(
      `${decision.explanation} · suggested: O2-KR1 (0.74) — shares: templates, gallery · like ENG-1`,
    );
    expect(attachment.metadata.suggestion).toEqual({ kr: 'O2-KR1', score: 0.74, reason });
  });

  it('does not change for a drift below the shown 2 decimals, so nothing is rewritten', () => {
    const decision = decideIssue(iceboxed, okrs, settings, AS_OF);
    const written = attachmentFor(decision, [], links, { kr: 'O2-KR1', score: 0.7412, reason });
    const drifted = attachmentFor(decision, [], links, { kr: 'O2-KR1', score: 0.7438, reason });
    expect(sameAttachment(JSON.parse(JSON.stringify(written)) as typeof written, drifted)).toBe(
      true,
    );
  });

  it('is left off an issue that is not iceboxed, and off the metadata when there is none', () => {
    const linked = decideIssue({ ...iceboxed, keyResults: ['O2-KR1'] }, okrs, settings, AS_OF);
    const attachment = attachmentFor(linked, [], links, { kr: 'O2-KR1', score: 0.9, reason });
    expect(attachment.subtitle).not.toContain('suggested');
    expect(attachment.metadata).not.toHaveProperty('suggestion');
    const none = attachmentFor(decideIssue(iceboxed, okrs, settings, AS_OF), [], links);
    expect(none.metadata).not.toHaveProperty('suggestion');
  });
});
