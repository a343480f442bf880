import { describe, expect, it } from 'vitest';
import { jsonDepthOffset, MAX_JSON_DEPTH } from '../../src/cli/json-depth';

describe('jsonDepthOffset', () => {
  it.each([
    ['a backlog', '[{ "key": "A-1", "rice": { "reach": 1 }, "labels": ["x"] }]'],
    ['exactly the limit', '['.repeat(MAX_JSON_DEPTH) + ']'.repeat(MAX_JSON_DEPTH)],
    ['brackets inside strings', `["${'['.repeat(1000)}", "\\"${'{'.repeat(1000)}"]`],
    ['not JSON at all (JSON.parse reports it)', '{{ nonsense'],
  ])('accepts %s', (_name, text) => {
    expect(jsonDepthOffset(text)).toBeNull();
  });

  it.each([
    ['arrays', '['.repeat(MAX_JSON_DEPTH + 1), MAX_JSON_DEPTH],
    ['objects and arrays', '[{"a":'.repeat(40), 6 * 32],
    ['after an escaped quote', `["\\"[", ${'['.repeat(MAX_JSON_DEPTH)}`, 8 + MAX_JSON_DEPTH - 1],
  ])('finds the bracket that opens one level too many: %s', (_name, text, offset) => {
    expect(jsonDepthOffset(text)).toBe(offset);
    expect('[{'.includes(text[offset] ?? '')).toBe(true);
  });

  it('stops at the excess instead of reading on', () => {
    const text = '['.repeat(10_000_000);
    const started = performance.now();
    expect(jsonDepthOffset(text)).toBe(MAX_JSON_DEPTH);
    expect(performance.now() - started).toBeLessThan(100);
  });
});
