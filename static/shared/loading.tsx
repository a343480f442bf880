import type { ReactNode } from 'react';

/** A call in flight: announced politely to screen readers (its look is in tokens.css). */
export function Loading({ children }: { children: ReactNode }) {
  return (
    <p className="kr-loading" role="status" aria-live="polite">
      <span className="kr-spinner" aria-hidden="true" />
      {children}
    </p>
  );
}
