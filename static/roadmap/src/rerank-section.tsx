import { useEffect, useRef, useState } from 'react';
import type { ResolverError } from '../../../src/contract/result';
import type { RerankPreview } from '../../../src/contract/roadmap';
import { transport } from './transport';
import type { CallState } from '../../shared/call-state';
import { Loading } from '../../shared/loading';
import { CallError } from './call-error';

type Applying =
  | { status: 'idle' }
  | { status: 'applying'; done: number; total: number }
  | { status: 'error'; done: number; total: number; error: ResolverError }
  | { status: 'done'; moves: number; requests: number };

const { rankCall } = transport.wording;
const rankCalls = (n: number): string => `${n} ${n === 1 ? rankCall.one : rankCall.many}`;

const anchorText = (anchor: { before: string } | { after: string }): string =>
  'before' in anchor ? `before ${anchor.before}` : `after ${anchor.after}`;

/** Preview the fewest moves, then apply them one rank call (Linear: write batch) at a time. */
export function RerankSection({
  projectKey,
  onApplied,
}: {
  projectKey: string;
  onApplied: () => Promise<void>;
}) {
  const [preview, setPreview] = useState<CallState<RerankPreview>>({ status: 'idle' });
  const [applying, setApplying] = useState<Applying>({ status: 'idle' });
  // Focus follows the work: to the preview's heading when it arrives, to the result after.
  const previewRef = useRef<HTMLHeadingElement & HTMLParagraphElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (preview.status === 'ready') {
      previewRef.current?.focus();
    }
  }, [preview.status]);
  useEffect(() => {
    if (applying.status === 'done') {
      doneRef.current?.focus();
    }
  }, [applying.status]);

  const loadPreview = async (): Promise<void> => {
    setApplying({ status: 'idle' });
    setPreview({ status: 'loading' });
    const answer = await transport.call('roadmap/previewRerank', { projectKey });
    setPreview(
      answer.ok ? { status: 'ready', data: answer.data } : { status: 'error', error: answer.error },
    );
  };

  const apply = async (data: RerankPreview): Promise<void> => {
    const total = data.batches.length;
    let order = data.order;
    for (let done = 0; done < total; done++) {
      setApplying({ status: 'applying', done, total });
      const batch = data.batches[done];
      if (batch === undefined) {
        break;
      }
      const answer = await transport.call('roadmap/applyRerank', {
        projectKey,
        expectedOrder: order,
        batch,
      });
      if (!answer.ok) {
        setApplying({ status: 'error', done, total, error: answer.error });
        return;
      }
      order = answer.data.order;
    }
    setApplying({ status: 'done', moves: data.moves.length, requests: total });
    setPreview({ status: 'idle' });
    await onApplied();
  };

  const busy = preview.status === 'loading' || applying.status === 'applying';
  return (
    <section className="kr-section" aria-labelledby="rerank-title">
      <h2 id="rerank-title">Re-rank backlog</h2>
      <p className="kr-subtle">
        Orders the {projectKey} backlog by score with the fewest moves; bugs, maintenance and
        started work keep their places.
      </p>
      <button
        type="button"
        className="kr-button"
        onClick={() => void loadPreview()}
        disabled={busy}
      >
        Preview re-rank
      </button>
      {preview.status === 'loading' && <Loading>Working out the moves…</Loading>}
      {preview.status === 'error' && (
        <CallError error={preview.error} onRetry={() => void loadPreview()} />
      )}
      {preview.status === 'ready' &&
        (preview.data.moves.length === 0 ? (
          <p role="status" ref={previewRef} tabIndex={-1}>
            The backlog is already in order: no moves needed.
          </p>
        ) : (
          <div className="kr-preview">
            <h3 ref={previewRef} tabIndex={-1} data-testid="rerank-preview-heading">
              Re-rank preview
            </h3>
            <table className="kr-table">
              <caption>
                {preview.data.moves.length} moves in {rankCalls(preview.data.batches.length)}
              </caption>
              <thead>
                <tr>
                  <th scope="col">Issue</th>
                  <th scope="col">Position</th>
                  <th scope="col">Move</th>
                </tr>
              </thead>
              <tbody>
                {preview.data.moves.map((m) => (
                  <tr key={m.key}>
                    <th scope="row">
                      <span className="kr-issue__key">{m.key}</span> {m.title}
                    </th>
                    <td>
                      {m.from} → {m.to}
                    </td>
                    <td>{anchorText(m.anchor)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <button
              type="button"
              className="kr-button kr-button--primary"
              onClick={() => void apply(preview.data)}
              disabled={busy}
            >
              Apply {preview.data.moves.length} moves
            </button>
          </div>
        ))}
      {applying.status === 'applying' && (
        <div className="kr-applying" role="status" aria-live="polite">
          <label htmlFor="rerank-progress">
            Applying {rankCall.one} {applying.done + 1} of {applying.total}…
          </label>
          <progress id="rerank-progress" max={applying.total} value={applying.done} />
        </div>
      )}
      {applying.status === 'error' && (
        <CallError
          error={applying.error}
          context={`Stopped after ${applying.done} of ${applying.total} ${rankCall.many}: `}
          onRetry={() => void loadPreview()}
        />
      )}
      {applying.status === 'done' && (
        <p role="status" className="kr-success" ref={doneRef} tabIndex={-1}>
          Re-ranked: {applying.moves} moves in {rankCalls(applying.requests)}.
        </p>
      )}
    </section>
  );
}
