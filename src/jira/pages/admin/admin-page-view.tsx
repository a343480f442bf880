import {
  Button,
  Heading,
  Label,
  ProgressBar,
  SectionMessage,
  Stack,
  Text,
  TextArea,
  Textfield,
  Toggle,
} from '@forge/react';
import { useState } from 'react';
import type { AdminData, ReconcileProgress } from '../../../contract/admin';
import type { PayloadOf, ResolverKey } from '../../../contract/resolvers';
import type { ResolverError } from '../../../contract/result';
import { readNumber } from '../../../core/index';
import type { CallResolver } from '../call-resolver';
import { krLabel } from '../panel/issue-panel-view';
import { fieldText } from '../ui-kit/field-text';
import { ResolverErrorMessage } from '../ui-kit/resolver-error';

export interface AdminPageViewProps {
  data: AdminData;
  /** `callResolver` on Forge; tests pass the real resolvers behind the same signature. */
  call: CallResolver;
}

export function progressText(p: ReconcileProgress): string {
  const state = p.finishedAt === null ? 'running' : 'finished';
  return `Reconcile ${state}: ${p.projectsDone} of ${p.projectsTotal} projects, ${p.issuesRead} issues read, ${p.writes} write requests${p.failures.length > 0 ? `, ${p.failures.length} problems` : ''}`;
}

const list = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

export function AdminPageView({ data: initial, call }: AdminPageViewProps) {
  const [data, setData] = useState(initial);
  const [yaml, setYaml] = useState(initial.okrFile);
  const [settings, setSettings] = useState(initial.settings);
  const [error, setError] = useState<ResolverError | null>(null);
  const [progress, setProgress] = useState(initial.reconcile);
  const [currents, setCurrents] = useState<Record<string, string>>({});

  const run = async <K extends ResolverKey>(key: K, payload: PayloadOf<K>): Promise<void> => {
    const answer = await call(key, payload);
    if (!answer.ok) {
      setError(answer.error);
      return;
    }
    setError(null);
    if (key === 'admin/reconcile-now') {
      setProgress(answer.data as ReconcileProgress);
    } else {
      const next = answer.data as AdminData;
      setData(next);
      setYaml(next.okrFile);
      setSettings(next.settings);
      setProgress(next.reconcile);
    }
  };

  return (
    <Stack space="space.200">
      <Heading size="medium">Keyrank OKRs</Heading>
      {data.storageProblems.length > 0 ? (
        <SectionMessage appearance="error" title="Stored values need attention">
          {data.storageProblems.map((p) => (
            <Text key={p}>{p}</Text>
          ))}
        </SectionMessage>
      ) : null}
      {error === null ? null : <ResolverErrorMessage error={error} />}
      <Heading size="small">Key results this period</Heading>
      {data.choices.map((c) => (
        <Stack key={c.id} space="space.050">
          <Text>{krLabel(c)}</Text>
          <ProgressBar value={c.progress} ariaLabel={`${c.id} progress`} />
          <Textfield
            id={`current-${c.id}`}
            value={currents[c.id] ?? String(c.current)}
            onChange={(e) => setCurrents({ ...currents, [c.id]: fieldText(e) })}
          />
          <Button
            onClick={() => {
              const text = currents[c.id] ?? String(c.current);
              // Number('') is 0: an emptied field must not reset the KR, so read it strictly.
              const current = readNumber(text);
              if (current === null) {
                setError({
                  kind: 'invalid-input',
                  message: `${c.id} was not updated — enter its current value as a number`,
                  problems: [`current: "${text}" is not a number`],
                });
                return;
              }
              void run('admin/update-kr', { krId: c.id, current });
            }}
          >
            {`Update ${c.id}`}
          </Button>
        </Stack>
      ))}
      <Heading size="small">OKR file (YAML, as `keyrank plan` reads it)</Heading>
      <TextArea id="okr-file" value={yaml} onChange={(e) => setYaml(fieldText(e))} />
      <Button appearance="primary" onClick={() => void run('admin/import-okrs', { yaml })}>
        Import OKR file
      </Button>
      <Heading size="small">Settings</Heading>
      <Label labelFor="icebox-label">Icebox label</Label>
      <Textfield
        id="icebox-label"
        value={settings.iceboxLabel}
        onChange={(e) => setSettings({ ...settings, iceboxLabel: fieldText(e) })}
      />
      <Label labelFor="bau-types">BAU issue types (comma-separated)</Label>
      <Textfield
        id="bau-types"
        value={settings.bauTypes.join(', ')}
        onChange={(e) => setSettings({ ...settings, bauTypes: list(fieldText(e)) })}
      />
      <Label labelFor="bau-labels">BAU labels (comma-separated)</Label>
      <Textfield
        id="bau-labels"
        value={settings.bauLabels.join(', ')}
        onChange={(e) => setSettings({ ...settings, bauLabels: list(fieldText(e)) })}
      />
      <Label labelFor="okr-min">OKR capacity band, % (min, max)</Label>
      <Textfield
        id="okr-min"
        value={String(settings.capacity.okrMin)}
        onChange={(e) =>
          setSettings({
            ...settings,
            capacity: { ...settings.capacity, okrMin: Number(fieldText(e)) },
          })
        }
      />
      <Textfield
        id="okr-max"
        value={String(settings.capacity.okrMax)}
        onChange={(e) =>
          setSettings({
            ...settings,
            capacity: { ...settings.capacity, okrMax: Number(fieldText(e)) },
          })
        }
      />
      <Label labelFor="schedule-boost">Behind-plan boost</Label>
      <Toggle
        id="schedule-boost"
        isChecked={settings.scheduleBoost}
        onChange={() => setSettings({ ...settings, scheduleBoost: !settings.scheduleBoost })}
      />
      <Label labelFor="rank-automatically">Rank automatically</Label>
      <Toggle
        id="rank-automatically"
        isChecked={settings.rankAutomatically}
        onChange={() =>
          setSettings({ ...settings, rankAutomatically: !settings.rankAutomatically })
        }
      />
      <Button onClick={() => void run('admin/save-settings', { settings })}>Save settings</Button>
      <Heading size="small">Reconcile</Heading>
      {progress === null ? (
        <Text>No reconcile has run yet.</Text>
      ) : (
        <Stack space="space.050">
          <Text>{progressText(progress)}</Text>
          <ProgressBar
            value={
              progress.projectsTotal === 0 ? 1 : progress.projectsDone / progress.projectsTotal
            }
            ariaLabel="reconcile progress"
          />
          {progress.failures.map((f) => (
            <Text key={f}>{f}</Text>
          ))}
        </Stack>
      )}
      <Button onClick={() => void run('admin/reconcile-now', {})}>Reconcile now</Button>
      <Button onClick={() => void run('admin/get', {})}>Refresh progress</Button>
    </Stack>
  );
}
