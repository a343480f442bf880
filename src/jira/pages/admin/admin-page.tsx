import { Spinner } from '@forge/react';
import { useEffect, useState } from 'react';
import type { AdminData } from '../../../contract/admin';
import type { ResolverResult } from '../../../contract/result';
import { callResolver } from '../call-resolver';
import { renderApp } from '../ui-kit/render-app';
import { ResolverErrorMessage } from '../ui-kit/resolver-error';
import { AdminPageView } from './admin-page-view';

/** Resource `admin-page`. */
function App() {
  const [answer, setAnswer] = useState<ResolverResult<AdminData> | null>(null);
  useEffect(() => {
    void callResolver('admin/get', {}).then(setAnswer);
  }, []);
  if (answer === null) {
    return <Spinner label="Loading Keyrank" />;
  }
  return answer.ok ? (
    <AdminPageView data={answer.data} call={callResolver} />
  ) : (
    <ResolverErrorMessage error={answer.error} />
  );
}

renderApp(<App />);
