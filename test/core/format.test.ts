import { describe, expect, it } from 'vitest';
import { formatNumber, round2 } from '../../src/core/index';

describe('formatNumber: at most two decimals, no trailing zeros', () => {
  it.each([
    [1056.0000000000002, '1056'],
    [320, '320'],
    [41.666666, '41.67'],
    [0.5, '0.5'],
    [2.3000000000000003, '2.3'],
    [-0.001, '0'],
    [1_000_000, '1000000'],
  ])('%d → %s', (n, text) => {
    expect(formatNumber(n)).toBe(text);
  });
});

describe('round2', () => {
  it.each([
    [1056.0000000000002, 1056],
    [95.83333, 95.83],
    [0.125, 0.13],
    [7, 7],
  ])('%d → %d', (n, rounded) => {
    expect(round2(n)).toBe(rounded);
  });
});
