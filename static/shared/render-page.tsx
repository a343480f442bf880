import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';

/** Draws a page into its index.html's `<div id="root">`. */
export function renderPage(page: ReactNode): void {
  const container = document.getElementById('root');
  if (container !== null) {
    createRoot(container).render(<StrictMode>{page}</StrictMode>);
  }
}
