import { useEffect, useRef, useState } from 'react';
import type { IceboxEntry, KrOption } from '../../../src/contract/roadmap';
import { transport } from './transport';
import { IceboxRow } from './icebox-row';
import { KrSelect } from './kr-select';
import { linkInSequence, type LinkOutcome } from './link-in-sequence';

type BulkState =
  | { status: 'idle' }
  | { status: 'running'; krId: string; total: number; outcome: LinkOutcome }
  | { status: 'finished'; krId: string; total: number; outcome: LinkOutcome };

/** "Linked 3 of 7 issues to O2-KR3." — and which could not be, and why. */
function BulkResult({
  state,
  resultRef,
}: {
  state: Extract<BulkState, { status: 'finished' }>;
  resultRef: React.RefObject<HTMLDivElement>;
}) {
  const { linked, failed } = state.outcome;
  return (
    <div
      ref={resultRef}
      tabIndex={-1}
      className={failed.length === 0 ? 'kr-bulk-result' : 'kr-bulk-result kr-bulk-result--failed'}
      role="status"
      data-testid="icebox-bulk-result"
    >
      <p>
        Linked {linked.length} of {state.total} {state.total === 1 ? 'issue' : 'issues'} to{' '}
        {state.krId}.
      </p>
      {failed.length > 0 && (
        <>
          <p>{failed.length === 1 ? '1 issue was' : `${failed.length} issues were`} not linked:</p>
          <ul>
            {failed.map((f) => (
              <li key={f.key}>
                <span className="kr-issue__key">{f.key}</span>: {f.message}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/**
 * Iceboxed issues with their reasons and suggested key results. One issue links in one click;
 * several selected issues link to one key result in one action, one issue after another, with
 * progress and a result that names every issue that failed and why.
 */
export function IceboxSection({
  entries,
  krOptions,
  onLinked,
}: {
  entries: IceboxEntry[];
  krOptions: KrOption[];
  onLinked: () => Promise<void>;
}) {
  const [linked, setLinked] = useState<string[]>([]);
  const [selected, setSelected] = useState<string[]>([]);
  const [bulkKr, setBulkKr] = useState('');
  const [bulkMissing, setBulkMissing] = useState(false);
  const [bulk, setBulk] = useState<BulkState>({ status: 'idle' });
  const [announcement, setAnnouncement] = useState('');
  const resultRef = useRef<HTMLDivElement>(null);
  const announcementRef = useRef<HTMLParagraphElement>(null);
  const selectAllRef = useRef<HTMLInputElement>(null);
  const shown = entries.filter((e) => !linked.includes(e.key));
  const chosen = shown.filter((e) => selected.includes(e.key)).map((e) => e.key);
  const running = bulk.status === 'running';
  const allSelected = shown.length > 0 && chosen.length === shown.length;

  useEffect(() => {
    if (selectAllRef.current !== null) {
      selectAllRef.current.indeterminate = chosen.length > 0 && !allSelected;
    }
  }, [chosen.length, allSelected]);

  useEffect(() => {
    if (bulk.status === 'finished') {
      resultRef.current?.focus();
    }
  }, [bulk.status]);

  // A linked row leaves the list, focus and all: the sentence saying so takes the focus.
  useEffect(() => {
    if (announcement !== '') {
      announcementRef.current?.focus();
    }
  }, [announcement]);

  const linkSelected = async (): Promise<void> => {
    const krId = bulkKr;
    const keys = chosen;
    setAnnouncement('');
    const empty: LinkOutcome = { linked: [], failed: [] };
    setBulk({ status: 'running', krId, total: keys.length, outcome: empty });
    const outcome = await linkInSequence(
      keys,
      (issueKey) => transport.call('roadmap/linkIcebox', { issueKey, krId }),
      (progress) => setBulk({ status: 'running', krId, total: keys.length, outcome: progress }),
    );
    setLinked((before) => [...before, ...outcome.linked]);
    setSelected(outcome.failed.map((f) => f.key));
    setBulk({ status: 'finished', krId, total: keys.length, outcome });
    if (outcome.linked.length > 0) {
      void onLinked();
    }
  };

  return (
    <section className="kr-section" aria-labelledby="icebox-title">
      <h2 id="icebox-title">
        Icebox <span className="kr-count">{shown.length}</span>
      </h2>
      <p
        ref={announcementRef}
        tabIndex={-1}
        className="kr-live"
        role="status"
        aria-live="polite"
        data-testid="icebox-announcement"
      >
        {announcement}
      </p>
      {shown.length > 0 && (
        <form
          className="kr-bulk"
          aria-label="Link several Icebox issues to one key result"
          onSubmit={(event) => {
            event.preventDefault();
            if (bulkKr === '') {
              setBulkMissing(true);
            } else {
              void linkSelected();
            }
          }}
        >
          <p className="kr-bulk__select-all">
            <input
              ref={selectAllRef}
              type="checkbox"
              id="icebox-select-all"
              checked={allSelected}
              disabled={running}
              onChange={(event) => setSelected(event.target.checked ? shown.map((e) => e.key) : [])}
            />
            <label htmlFor="icebox-select-all">Select all ({shown.length})</label>
          </p>
          <div className="kr-inline-form">
            <KrSelect
              id="icebox-bulk-kr"
              label="Key result for the selected issues"
              options={krOptions}
              value={bulkKr}
              disabled={running}
              invalid={bulkMissing}
              describedBy={bulkMissing ? 'icebox-bulk-missing' : undefined}
              onChange={(kr) => {
                setBulkKr(kr);
                setBulkMissing(false);
              }}
            />
            <button
              type="submit"
              className="kr-button kr-button--primary"
              disabled={running || chosen.length === 0}
            >
              Link {chosen.length} selected
            </button>
          </div>
          {bulkMissing && (
            <p id="icebox-bulk-missing" className="kr-error" role="alert">
              Choose the key result to link the selected issues to.
            </p>
          )}
        </form>
      )}
      {bulk.status === 'running' && (
        <div className="kr-applying" role="status" aria-live="polite">
          <label htmlFor="icebox-progress">
            Linked {bulk.outcome.linked.length} of {bulk.total}
            {bulk.outcome.failed.length > 0 ? ` (${bulk.outcome.failed.length} failed)` : ''}…
          </label>
          <progress
            id="icebox-progress"
            max={bulk.total}
            value={bulk.outcome.linked.length + bulk.outcome.failed.length}
          />
        </div>
      )}
      {bulk.status === 'finished' && <BulkResult state={bulk} resultRef={resultRef} />}
      {shown.length === 0 ? (
        <p className="kr-subtle">Nothing is waiting in the Icebox.</p>
      ) : (
        <ul className="kr-icebox">
          {shown.map((entry) => (
            <IceboxRow
              key={entry.key}
              entry={entry}
              krOptions={krOptions}
              selected={selected.includes(entry.key)}
              busy={running}
              onSelect={(on) =>
                setSelected((keys) =>
                  on ? [...keys, entry.key] : keys.filter((k) => k !== entry.key),
                )
              }
              onLinked={(key, krId) => {
                setLinked((keys) => [...keys, key]);
                setSelected((keys) => keys.filter((k) => k !== key));
                setAnnouncement(`${key} is linked to ${krId} and out of the Icebox.`);
                void onLinked();
              }}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
