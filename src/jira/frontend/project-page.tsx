import { Spinner } from '@forge/react';
import { useEffect, useState } from 'react';
import type { ProjectData, ResolverResult } from '../../shared/contract';
import { callResolver } from '../ui/call-resolver';
import { ProjectPageView } from '../ui/project-page-view';
import { renderApp } from '../ui/render-app';
import { ResolverErrorMessage } from '../ui/resolver-error';

/** Resource `project-page` (the project comes from Forge's context). */
function App() {
  const [answer, setAnswer] = useState<ResolverResult<ProjectData> | null>(null);
  useEffect(() => {
    void callResolver('project/get', { projectKey: '' }).then(setAnswer);
  }, []);
  if (answer === null) {
    return <Spinner label="Loading Keyrank" />;
  }
  return answer.ok ? (
    <ProjectPageView
      data={answer.data}
      onRerank={() => callResolver('project/rerank', { projectKey: '' })}
    />
  ) : (
    <ResolverErrorMessage error={answer.error} />
  );
}

renderApp(<App />);
