import { useRef, useState } from 'react';
import type { AdminKeyResult, PushSecret } from '../../../src/contract/admin';
import type { ResolverError } from '../../../src/contract/result';
import { callResolver } from '../../../src/jira/pages/call-resolver';
import { ErrorMessage } from './error-message';

/**
 * Where an outside system posts a `push` KR's values, and its secret: created or rotated
 * here, shown once (the app keeps only its hash), so the page says so next to it.
 */
export function PushSecretPanel({
  kr,
  pushUrl,
  onRotated,
  announce,
}: {
  kr: AdminKeyResult;
  pushUrl: string | null;
  onRotated: () => void;
  announce: (message: string) => void;
}) {
  const [secret, setSecret] = useState<PushSecret | null>(null);
  const [failure, setFailure] = useState<ResolverError | null>(null);
  const secretRef = useRef<HTMLInputElement>(null);
  const hasSecret = kr.pushSecretCreatedAt !== null || secret !== null;
  const url = secret?.url ?? pushUrl;
  const secretId = `push-secret-${kr.krId.replace(/[^A-Za-z0-9_-]+/g, '-')}`;

  const rotate = async (): Promise<void> => {
    setFailure(null);
    const answer = await callResolver('admin/rotate-push-secret', { krId: kr.krId });
    if (!answer.ok) {
      setFailure(answer.error);
      return;
    }
    setSecret(answer.data);
    onRotated();
    announce(`New push secret for ${kr.krId} created. Copy it now: it will not be shown again.`);
    requestAnimationFrame(() => secretRef.current?.select());
  };

  return (
    <div className="ka-push">
      <p>
        Push URL:{' '}
        {url === null ? (
          <span className="ka-subtle">appears here once the app is deployed to Jira.</span>
        ) : (
          <code className="ka-code">{url}</code>
        )}
      </p>
      <p className="ka-subtle">
        {secret !== null
          ? `Secret created ${secret.createdAt}.`
          : kr.pushSecretCreatedAt === null
            ? 'No secret yet: create one before an outside system can post values.'
            : `Secret created ${kr.pushSecretCreatedAt}; rotating it stops the old one working.`}
      </p>
      {secret !== null && (
        <div className="ka-secret">
          <label htmlFor={secretId}>Push secret for {kr.krId}</label>
          <input
            id={secretId}
            ref={secretRef}
            readOnly
            value={secret.secret}
            aria-describedby={`${secretId}-warning`}
          />
          <p id={`${secretId}-warning`} className="ka-warning">
            Copy it now (Ctrl+C or ⌘C): it will not be shown again. Send it as{' '}
            <code>Authorization: Bearer &lt;secret&gt;</code> with a JSON body such as{' '}
            <code>{`{ "krId": "${kr.krId}", "value": 47 }`}</code>.
          </p>
        </div>
      )}
      <button type="button" className="ka-button" onClick={() => void rotate()}>
        {hasSecret ? `Rotate secret for ${kr.krId}` : `Create secret for ${kr.krId}`}
      </button>
      {failure !== null && <ErrorMessage error={failure} />}
    </div>
  );
}
