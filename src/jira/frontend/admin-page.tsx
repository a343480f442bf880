import { Spinner } from '@forge/react';
import { useEffect, useState } from 'react';
import type { AdminData, ResolverResult } from '../../shared/contract.js';
import { AdminPageView } from '../ui/admin-page-view.js';
import { callResolver } from '../ui/call-resolver.js';
import { renderApp } from '../ui/render-app.js';
import { ResolverErrorMessage } from '../ui/resolver-error.js';

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
