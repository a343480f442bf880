/** Numbers as people read them in explanations: at most two decimals, no trailing zeros. */
export function formatNumber(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

/** Rounds to two decimals: for display and JSON only, never before comparing scores. */
export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
