import { describe, expect, it } from 'vitest';
import { IssueSnapshotSchema, parseIssueSnapshot } from '../../src/core/index';

/** The fast path must be invisible: zod's result, keys in zod's order, for every entry. */
function expectSameAsZod(entry: unknown): void {
  const fast = parseIssueSnapshot(entry);
  const zod = IssueSnapshotSchema.safeParse(entry);
  expect(fast.success).toBe(zod.success);
  if (fast.success && zod.success) {
    expect(fast.data).toStrictEqual(zod.data);
    expect(Object.keys(fast.data)).toEqual(Object.keys(zod.data));
    expect(Object.keys(fast.data.rice ?? {})).toEqual(Object.keys(zod.data.rice ?? {}));
  } else {
    expect(fast.error?.issues).toEqual(zod.error?.issues);
  }
}

const full = {
  key: 'ENG-1',
  title: 'Redesign',
  description: 'text',
  type: 'Story',
  status: 'todo',
  labels: ['ui'],
  keyResults: ['O1-KR1'],
  rice: { reach: 100, impact: '2', confidence: '80%', effort: null },
  estimate: 3,
  sprint: 'Sprint 12',
};

describe('parseIssueSnapshot', () => {
  it('is tested with every field of the schema, so a new field the fast path drops fails', () => {
    expect(Object.keys(full)).toEqual(Object.keys(IssueSnapshotSchema.shape));
  });

  it.each([
    ['a full snapshot', full],
    ['the fewest fields', { key: 'ENG-1', status: 'backlog' }],
    ['a type, no description', { key: 'ENG-1', type: 'Bug', status: 'todo', rice: { reach: 1 } }],
    ['a description, no type', { key: 'ENG-1', description: 'text', status: 'todo', estimate: 2 }],
    ['a key to trim', { key: '  ENG-1 ', status: 'done' }],
    ['unknown keys, dropped', { ...full, extra: 1, rice: { reach: 1, extra: 2 } }],
    [
      'nulls where allowed',
      { ...full, description: null, rice: null, estimate: null, sprint: null },
    ],
    [
      'undefined where allowed',
      { ...full, description: undefined, type: undefined, rice: undefined },
    ],
    ['an empty rice', { ...full, rice: {} }],
    ['a zero estimate', { ...full, estimate: 0 }],
    ['empty lists', { ...full, labels: [], keyResults: [] }],
  ])('takes %s exactly as zod does', (_, entry) => {
    expectSameAsZod(entry);
  });

  it.each([
    ['null', null],
    ['a number', 7],
    ['a list', [full]],
    ['a blank key', { ...full, key: '   ' }],
    ['a missing key', { status: 'todo' }],
    ['a null title', { ...full, title: null }],
    ['an unknown status', { ...full, status: 'doing' }],
    ['a number type', { ...full, type: 3 }],
    ['a null type', { ...full, type: null }],
    ['labels as text', { ...full, labels: 'ui' }],
    ['a number among key results', { ...full, keyResults: ['O1-KR1', 1] }],
    ['a rice list', { ...full, rice: [1, 2] }],
    ['a rice boolean', { ...full, rice: { reach: true } }],
    ['rice as text', { ...full, rice: 'high' }],
    ['a negative estimate', { ...full, estimate: -1 }],
    ['an infinite estimate', { ...full, estimate: Infinity }],
    ['a text estimate', { ...full, estimate: '3' }],
    ['a number sprint', { ...full, sprint: 12 }],
    ['a number description', { ...full, description: 1 }],
  ])('refuses %s with zod’s own issues', (_, entry) => {
    expectSameAsZod(entry);
  });

  it('copies the lists, so the snapshot never shares the input’s arrays', () => {
    const entry = { ...full };
    const parsed = parseIssueSnapshot(entry);
    expect(parsed.success && parsed.data.labels).not.toBe(entry.labels);
  });
});
