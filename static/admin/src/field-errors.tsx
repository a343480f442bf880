import { createContext, useContext } from 'react';

/** A message for one form field, by the core's path: `objectives[0].keyResults[1].target`. */
export interface FieldError {
  path: string;
  message: string;
}

/** An element id for a path: ids hold no brackets or dots, so CSS and ARIA can name them. */
export function fieldId(path: string): string {
  return `field-${path.replace(/[^A-Za-z0-9_-]+/g, '-')}`;
}

export interface FieldErrorsValue {
  /** Messages shown now, by path. */
  errors: ReadonlyMap<string, string[]>;
  /** A field was left: validate again and show its messages from now on. */
  onLeave: (path: string) => void;
}

export const FieldErrorsContext = createContext<FieldErrorsValue>({
  errors: new Map(),
  onLeave: () => undefined,
});

export const useFieldErrors = (): FieldErrorsValue => useContext(FieldErrorsContext);

export function byPath(errors: readonly FieldError[]): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const e of errors) {
    map.set(e.path, [...(map.get(e.path) ?? []), e.message]);
  }
  return map;
}

/**
 * Which field shows a message: the field at its path, else the nearest field above it (a
 * `progress.by` message under the progress select; a missing `period` under the period).
 */
export function shownAt(path: string, fields: ReadonlySet<string>): string | null {
  let at = path;
  while (at !== '') {
    if (fields.has(at)) {
      return at;
    }
    const cut = Math.max(at.lastIndexOf('.'), at.lastIndexOf('['));
    at = cut <= 0 ? '' : at.slice(0, cut);
  }
  return null;
}
