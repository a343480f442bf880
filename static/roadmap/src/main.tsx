import { renderPage } from '../../shared/render-page';
import '../../shared/tokens.css';
import { App } from './app';
import './styles.css';
import { transport } from './transport';

// The colour mode is set before the first render (Jira's theme through the bridge, the
// browser's on keyrank serve), so the page never flashes light in dark mode.
void transport.prepareTheme().finally(() => renderPage(<App />));
