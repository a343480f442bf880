import { view } from '@forge/bridge';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './styles.css';

// Jira's design tokens and its light/dark mode; without the host (a test page) the CSS
// fallbacks apply, so a refusal only costs the theme, never the page.
void view.theme.enable().catch(() => undefined);

const container = document.getElementById('root');
if (container !== null) {
  createRoot(container).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
