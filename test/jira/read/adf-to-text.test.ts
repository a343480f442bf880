import { describe, expect, it } from 'vitest';
import { adfToText, DESCRIPTION_MAX_CHARS } from '../../../src/jira/read/adf-to-text';
import { toSnapshot } from '../../../src/jira/read/issue-snapshot';
import { FIELD } from '../local-jira/jira-state';

const doc = (...content: unknown[]) => ({ type: 'doc', version: 1, content });
const p = (...content: unknown[]) => ({ type: 'paragraph', content });
const t = (text: string, marks?: unknown[]) => ({
  type: 'text',
  text,
  ...(marks ? { marks } : {}),
});

describe('Jira description (ADF) → plain text for the suggester', () => {
  it('reads paragraphs, headings, lists, code and quotes as lines', () => {
    const text = adfToText(
      doc(
        { type: 'heading', attrs: { level: 2 }, content: [t('Why')] },
        p(
          t('Agencies '),
          t('share', [{ type: 'strong' }]),
          t(' templates'),
          { type: 'hardBreak' },
          t('by link.'),
        ),
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [p(t('gallery search'))] },
            {
              type: 'listItem',
              content: [
                p(t('filters')),
                {
                  type: 'orderedList',
                  attrs: { order: 3 },
                  content: [{ type: 'listItem', content: [p(t('by tag'))] }],
                },
              ],
            },
          ],
        },
        { type: 'codeBlock', attrs: { language: 'ts' }, content: [t('shareLink(template)')] },
        { type: 'blockquote', content: [p(t('Customers asked twice.'))] },
      ),
    );
    expect(text).toBe(
      [
        'Why',
        'Agencies share templates',
        'by link.',
        '- gallery search',
        '- filters',
        '3. by tag',
        'shareLink(template)',
        'Customers asked twice.',
      ].join('\n'),
    );
  });

  it('turns mentions, emoji, status, dates and links into their text', () => {
    const text = adfToText(
      doc(
        p(
          { type: 'mention', attrs: { id: '5b10', text: '@Ana Lopez' } },
          t(' wants this '),
          { type: 'emoji', attrs: { shortName: ':rocket:', text: '🚀' } },
          t(' '),
          { type: 'emoji', attrs: { shortName: ':tada:' } },
          t(' '),
          { type: 'status', attrs: { text: 'IN REVIEW', color: 'blue' } },
          t(' due '),
          { type: 'date', attrs: { timestamp: '1795046400000' } },
          t(' see '),
          { type: 'inlineCard', attrs: { url: 'https://example.com/spec' } },
        ),
      ),
    );
    expect(text).toBe(
      '@Ana Lopez wants this 🚀 :tada: IN REVIEW due 2026-11-19 see https://example.com/spec',
    );
  });

  it('skips media and unknown leaves, reads through unknown containers, survives junk', () => {
    const text = adfToText(
      doc(
        { type: 'mediaSingle', content: [{ type: 'media', attrs: { id: 'x', type: 'file' } }] },
        { type: 'futureBlock', content: [p(t('inside a node type Jira adds next year'))] },
        { type: 'futureLeaf', attrs: { secret: 'not text' } },
        { type: 'panel', attrs: { panelType: 'info' }, content: [p(t('panel words'))] },
        {
          type: 'table',
          content: [
            {
              type: 'tableRow',
              content: [
                { type: 'tableCell', content: [p(t('a'))] },
                { type: 'tableCell', content: [p(t('b'))] },
              ],
            },
          ],
        },
        null,
        42,
        { type: 'paragraph', content: 'not an array' },
        { type: 'text', text: 7 },
      ),
    );
    expect(text).toBe('inside a node type Jira adds next year\npanel words\na\nb');
    expect(adfToText(null)).toBeNull();
    expect(adfToText(undefined)).toBeNull();
    expect(adfToText(12)).toBeNull();
    expect(adfToText(doc())).toBeNull();
    expect(adfToText('  wiki *markup* from API v2  ')).toBe('wiki *markup* from API v2');
  });

  it('caps the text, and stops reading a document nested too deep', () => {
    const long = adfToText(doc(p(t('word '.repeat(5000)))));
    expect(long?.length).toBeLessThanOrEqual(DESCRIPTION_MAX_CHARS);
    expect(long?.startsWith('word word')).toBe(true);
    let deep: unknown = t('bottom');
    for (let i = 0; i < 10_000; i++) {
      deep = { type: 'blockquote', content: [deep] };
    }
    expect(() => adfToText(doc(deep))).not.toThrow();
    expect(adfToText(doc(p(t('top')), deep))).toBe('top');
  });

  it('fills the snapshot description from the issue read', () => {
    const ids = {
      score: FIELD.score,
      keyResults: FIELD.keyResults,
      rice: FIELD.rice,
      sprint: null,
      estimate: null,
    };
    const snap = toSnapshot(
      {
        id: '1',
        key: 'ENG-1',
        fields: { summary: 'Filters', description: doc(p(t('Filter the template gallery'))) },
      },
      ids,
    );
    expect(snap.snapshot.description).toBe('Filter the template gallery');
    expect(
      toSnapshot({ id: '2', key: 'ENG-2', fields: { summary: 'x' } }, ids).snapshot.description,
    ).toBeNull();
  });
});
