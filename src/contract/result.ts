/**
 * What every resolver answers (src/jira/forge/define-resolvers.ts) and every page reads: a
 * typed result, never a thrown error. The pages import these types, so a renamed field is a
 * compile error, not a blank panel.
 */

export type ResolverErrorKind =
  'forbidden' | 'invalid-input' | 'not-found' | 'storage-corrupt' | 'jira-error';

export interface ResolverError {
  kind: ResolverErrorKind;
  /** One sentence a person can act on. */
  message: string;
  /** Details, such as one line per invalid RICE value or OKR-file problem. */
  problems?: string[];
  /** Per-field messages for a form: `objectives[0].keyResults[1].target` → "must be a number". */
  fieldErrors?: { path: string; message: string }[];
}

/** The answer to a caller Jira does not allow to do this: one sentence saying what they lack. */
export interface Forbidden extends ResolverError {
  kind: 'forbidden';
}

export function forbidden(message: string): Forbidden {
  return { kind: 'forbidden', message };
}

export type ResolverResult<T> = { ok: true; data: T } | { ok: false; error: ResolverError };

/**
 * The message of a call that never reached Keyrank's server (offline, the host or the server
 * down): each transport answers it as a result, and the pages explain it as such.
 */
export const UNREACHABLE = 'Keyrank could not be reached — check your connection and try again';
