import { useState } from 'react';
import type { AdminData } from '../../../src/contract/admin';
import type { ResolverError } from '../../../src/contract/result';
import { callResolver } from '../../../src/jira/pages/call-resolver';
import { ErrorMessage } from './error-message';
import { savedSentence } from './okrs-section';

/** The OKR file as text: import a whole file, or read the stored one back (with settings). */
export function AdvancedSection({
  okrFile,
  onImported,
  announce,
}: {
  okrFile: string;
  onImported: (data: AdminData) => void;
  announce: (message: string) => void;
}) {
  const [yaml, setYaml] = useState('');
  const [failure, setFailure] = useState<ResolverError | null>(null);

  const importFile = async (): Promise<void> => {
    setFailure(null);
    if (yaml.trim() === '') {
      setFailure({
        kind: 'invalid-input',
        message: 'Paste an OKR file (YAML, as keyrank plan reads it) into the box first.',
      });
      return;
    }
    const answer = await callResolver('admin/import-okrs', { yaml });
    if (!answer.ok) {
      setFailure(answer.error);
      return;
    }
    setYaml('');
    onImported(answer.data);
    announce(`Imported. ${savedSentence(answer.data.document)}`);
  };

  return (
    <section className="ka-section" aria-labelledby="advanced-title">
      <h2 id="advanced-title">Advanced: the OKR file as YAML</h2>
      <div className="ka-field">
        <label htmlFor="okr-import">OKR file to import (replaces the stored OKRs)</label>
        <textarea
          id="okr-import"
          rows={8}
          spellCheck={false}
          value={yaml}
          aria-describedby="okr-import-hint"
          onChange={(e) => setYaml(e.target.value)}
        />
        <p id="okr-import-hint" className="ka-hint">
          The format of examples/okrs.yml; problems are reported with their line.
        </p>
      </div>
      {failure !== null && <ErrorMessage error={failure} />}
      <div className="ka-actions">
        <button type="button" className="ka-button" onClick={() => void importFile()}>
          Import OKR file
        </button>
      </div>
      <div className="ka-field">
        <label htmlFor="okr-export">Stored OKR file, with its settings (read-only, to copy)</label>
        <textarea id="okr-export" rows={8} readOnly spellCheck={false} value={okrFile} />
      </div>
    </section>
  );
}
