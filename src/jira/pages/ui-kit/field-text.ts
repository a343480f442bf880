/** The text of a UI Kit field's change event (typed loosely by UI Kit). */
export function fieldText(event: unknown): string {
  const value = (event as { target?: { value?: unknown } } | null)?.target?.value;
  return typeof value === 'string' ? value : '';
}
