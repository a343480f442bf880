import { Spinner } from '@forge/react';
import { useEffect, useState } from 'react';
import type { PanelData } from '../../../contract/panel';
import type { ResolverResult } from '../../../contract/result';
import { callResolver } from '../call-resolver';
import { renderApp } from '../ui-kit/render-app';
import { ResolverErrorMessage } from '../ui-kit/resolver-error';
import { IssuePanelView } from './issue-panel-view';

/** Resource `issue-panel`: loads the panel's data (the issue comes from Forge's context). */
function App() {
  const [answer, setAnswer] = useState<ResolverResult<PanelData> | null>(null);
  useEffect(() => {
    void callResolver('panel/get', { issueKey: '' }).then(setAnswer);
  }, []);
  if (answer === null) {
    return <Spinner label="Loading Keyrank" />;
  }
  return answer.ok ? (
    <IssuePanelView
      data={answer.data}
      onSave={(payload) => callResolver('panel/save', payload)}
      onLinkSuggestion={(payload) => callResolver('panel/linkSuggestion', payload)}
    />
  ) : (
    <ResolverErrorMessage error={answer.error} />
  );
}

renderApp(<App />);
