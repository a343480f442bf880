import { view } from '@forge/bridge';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './styles.css';

function render(): void {
  const container = document.getElementById('root');
  if (container !== null) {
    createRoot(container).render(
      <StrictMode>
        <App />
      </StrictMode>,
    );
  }
}

// Jira's design tokens and colour mode arrive once theming is on: enabled before the first
// render, so the page never flashes light in dark mode. A host without theming still renders.
void view.theme
  .enable()
  .catch(() => undefined)
  .finally(render);
