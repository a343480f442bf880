import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../src/core/index';
import { readLabels } from '../../../src/linear/read/label-conventions';
import { readRiceLine } from '../../../src/linear/read/rice-line';
import { DESCRIPTION_LIMIT, statusOf, toSnapshot } from '../../../src/linear/read/snapshot';

describe('reading Keyrank tags from Linear labels', () => {
  it('splits KR links, RICE values and plain labels by group', () => {
    expect(
      readLabels([
        { name: 'O1-KR1', group: 'Key Results' },
        { name: 'O2-KR1', group: 'key results' },
        { name: 'Massive (3)', group: 'Impact' },
        { name: 'Low (50%)', group: 'Confidence' },
        { name: '10,000', group: 'Reach' },
        { name: 'bau', group: null },
        { name: 'Frontend', group: 'Area' },
      ]),
    ).toEqual({
      keyResults: ['O1-KR1', 'O2-KR1'],
      rice: { impact: 3, confidence: 50, reach: 10000 },
      plain: ['bau', 'Frontend'],
    });
  });

  it('passes an unknown label in a RICE group on as text, for the core to explain', () => {
    expect(readLabels([{ name: 'Huge', group: 'Impact' }]).rice).toEqual({ impact: 'Huge' });
  });
});

describe('the RICE description line', () => {
  it('reads any subset, with thousands separators and percentages', () => {
    expect(
      readRiceLine('Context\nRICE: reach 1,200, impact 2, confidence 80%, effort 3\nMore'),
    ).toEqual({
      rice: { reach: '1,200', impact: '2', confidence: '80%', effort: '3' },
      problems: [],
    });
    expect(readRiceLine('**RICE:** impact: 0.5').rice).toEqual({ impact: '0.5' });
  });

  it('explains what it cannot read', () => {
    expect(readRiceLine('RICE: speed 3').problems[0]).toMatch(/"speed 3" is not understood/);
    expect(readRiceLine('RICE:').problems[0]).toMatch(/is empty/);
    expect(readRiceLine('RICE: reach').problems[0]).toMatch(/reach has no value/);
  });

  it('ignores descriptions without the line', () => {
    expect(readRiceLine('The price: 3 dollars')).toEqual({ rice: {}, problems: [] });
    expect(readRiceLine(null)).toEqual({ rice: {}, problems: [] });
  });
});

describe('toSnapshot', () => {
  it('maps Linear state types onto the core statuses', () => {
    expect(
      ['triage', 'backlog', 'unstarted', 'started', 'completed', 'canceled'].map(statusOf),
    ).toEqual(['backlog', 'backlog', 'todo', 'in_progress', 'done', 'done']);
  });

  it('takes effort from the estimate and lets the description line win over labels', () => {
    const { snapshot } = toSnapshot(
      {
        identifier: 'ENG-1',
        title: 'T',
        stateType: 'unstarted',
        labels: [
          { name: 'High (2)', group: 'Impact' },
          { name: 'Medium (80%)', group: 'Confidence' },
          { name: 'Bug', group: null },
        ],
        estimate: 5,
        description: 'RICE: impact 3, reach 10',
      },
      DEFAULT_SETTINGS,
    );
    expect(snapshot).toMatchObject({
      key: 'ENG-1',
      status: 'todo',
      type: 'Bug',
      labels: ['Bug'],
      rice: { impact: '3', confidence: 80, reach: '10', effort: 5 },
      estimate: 5,
    });
  });
});

describe("Linear's description in the snapshot", () => {
  const facts = {
    identifier: 'ENG-9',
    title: 'More templates',
    stateType: 'backlog',
    labels: [],
    estimate: null,
  };

  it('reaches the snapshot as Linear holds it, capped at 10 kB, and is absent when empty', () => {
    const text = 'Starter **templates** in the gallery.\n\nRICE: impact 2';
    expect(toSnapshot({ ...facts, description: text }, DEFAULT_SETTINGS).snapshot.description).toBe(
      text,
    );
    const long = toSnapshot(
      { ...facts, description: 'x'.repeat(50_000) },
      DEFAULT_SETTINGS,
    ).snapshot;
    expect(long.description).toHaveLength(DESCRIPTION_LIMIT);
    // Never cut between the halves of a surrogate pair.
    const emoji = `${'x'.repeat(DESCRIPTION_LIMIT - 1)}😀`;
    expect(
      toSnapshot({ ...facts, description: emoji }, DEFAULT_SETTINGS).snapshot.description,
    ).toBe('x'.repeat(DESCRIPTION_LIMIT - 1));
    expect(
      toSnapshot({ ...facts, description: null }, DEFAULT_SETTINGS).snapshot,
    ).not.toHaveProperty('description');
    expect(
      toSnapshot({ ...facts, description: '  \n' }, DEFAULT_SETTINGS).snapshot,
    ).not.toHaveProperty('description');
  });
});
