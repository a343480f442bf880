import { view } from '@forge/bridge';
import { renderPage } from '../../shared/render-page';
import '../../shared/tokens.css';
import { App } from './app';
import './styles.css';

// Jira's design tokens and its light/dark mode; without the host (a test page) the CSS
// fallbacks apply, so a refusal only costs the theme, never the page.
void view.theme.enable().catch(() => undefined);

renderPage(<App />);
