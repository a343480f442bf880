/** A share 0..1 as a whole percent. */
export const pct = (x: number): number => Math.round(x * 100);

/** A KR value with its unit: "9.8%", "50", "12 teams". */
export function amount(n: number, unit: string | null): string {
  const text = Number.isInteger(n) ? String(n) : n.toFixed(2).replace(/0+$/, '');
  return unit === null ? text : unit === '%' ? `${text}%` : `${text} ${unit}`;
}
