import { Spinner } from '@forge/react';
import { useEffect, useState } from 'react';
import type { AdminData, ResolverResult } from '../../shared/contract';
import { AdminPageView } from '../ui/admin-page-view';
import { callResolver } from '../ui/call-resolver';
import { renderApp } from '../ui/render-app';
import { ResolverErrorMessage } from '../ui/resolver-error';

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
