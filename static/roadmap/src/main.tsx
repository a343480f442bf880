import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import './styles.css';
import { transport } from './transport';

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

// The colour mode is set before the first render (Jira's theme through the bridge, the
// browser's on keyrank serve), so the page never flashes light in dark mode.
void transport.prepareTheme().finally(render);
