import { Spinner } from '@forge/react';
import { useEffect, useState } from 'react';
import type { PanelData, ResolverResult } from '../../shared/contract';
import { callResolver } from '../ui/call-resolver';
import { IssuePanelView } from '../ui/issue-panel-view';
import { renderApp } from '../ui/render-app';
import { ResolverErrorMessage } from '../ui/resolver-error';

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
    <IssuePanelView data={answer.data} onSave={(payload) => callResolver('panel/save', payload)} />
  ) : (
    <ResolverErrorMessage error={answer.error} />
  );
}

renderApp(<App />);
