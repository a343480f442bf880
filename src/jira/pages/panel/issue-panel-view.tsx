import {
  Button,
  ErrorMessage,
  Heading,
  Inline,
  Label,
  Lozenge,
  SectionMessage,
  Select,
  Stack,
  Text,
  Textfield,
} from '@forge/react';
import { useState } from 'react';
import type {
  KrChoice,
  KrSuggestionView,
  PanelData,
  PanelLinkSuggestionPayload,
  PanelSavePayload,
  RiceDraft,
} from '../../../contract/panel';
import type { ResolverError, ResolverResult } from '../../../contract/result';
import { parseRice, RICE_FIELDS, type RiceField } from '../../../core/index';
import { fieldText } from '../ui-kit/field-text';
import { ResolverErrorMessage } from '../ui-kit/resolver-error';

export interface IssuePanelViewProps {
  data: PanelData;
  onSave: (payload: PanelSavePayload) => Promise<ResolverResult<PanelData>>;
  /** "Link to O1-KR2" on a suggestion: saves the link as the user, answers the new panel. */
  onLinkSuggestion: (payload: PanelLinkSuggestionPayload) => Promise<ResolverResult<PanelData>>;
}

const percent = (x: number): string => `${Math.round(x * 100)}%`;

/** "O1-KR2 · Reduce agency churn (10 → 8.5 %, 40% done) — O1 Become …" */
export function krLabel(c: KrChoice): string {
  const unit = c.unit === null ? '' : ` ${c.unit}`;
  return `${c.id} · ${c.title} (${c.baseline} → ${c.target}${unit}, now ${c.current}, ${percent(c.progress)} done) — ${c.objectiveId} ${c.objectiveTitle}`;
}

/** Inline messages per RICE field, from the same rules the server applies. */
export function riceMessages(draft: RiceDraft): Partial<Record<RiceField, string>> {
  const messages: Partial<Record<RiceField, string>> = {};
  const neutral = { reach: 1, impact: 1, confidence: 100, effort: 1 };
  for (const field of RICE_FIELDS) {
    if (draft[field].trim() === '') {
      continue;
    }
    const check = parseRice({ ...neutral, [field]: draft[field] });
    if (!check.ok) {
      messages[field] = check.problems.join('; ');
    }
  }
  return messages;
}

/** "0.72 · shares: template, gallery · like ENG-120": the score and what a person can check. */
export function suggestionText(s: KrSuggestionView): string {
  return `Fit ${s.score.toFixed(2)} · ${s.reason}`;
}

function Suggestions({
  suggestions,
  canEdit,
  linking,
  onLink,
}: {
  suggestions: KrSuggestionView[];
  canEdit: boolean;
  linking: string | null;
  onLink: (krId: string) => void;
}) {
  if (suggestions.length === 0) {
    return (
      <Text>
        No active key result fits this issue well enough to suggest one. If it serves one, pick it
        below; otherwise it can wait in the Icebox.
      </Text>
    );
  }
  return (
    <Stack space="space.100">
      <Heading size="xsmall">Suggested key results</Heading>
      {suggestions.map((s) => (
        <Stack key={s.kr} space="space.050">
          <Text>{`${s.kr} · ${s.title} (${s.objectiveId})`}</Text>
          <Text>{suggestionText(s)}</Text>
          <Button
            appearance="default"
            isDisabled={!canEdit || linking !== null}
            onClick={() => onLink(s.kr)}
          >
            {linking === s.kr ? `Linking to ${s.kr}…` : `Link to ${s.kr}`}
          </Button>
        </Stack>
      ))}
    </Stack>
  );
}

type Option = { label: string; value: string };

export function IssuePanelView({ data: initial, onSave, onLinkSuggestion }: IssuePanelViewProps) {
  const [data, setData] = useState(initial);
  const [linked, setLinked] = useState<string[]>(initial.linked);
  const [rice, setRice] = useState<RiceDraft>(initial.rice);
  const [error, setError] = useState<ResolverError | null>(null);
  const [saving, setSaving] = useState(false);
  const [linking, setLinking] = useState<string | null>(null);
  const messages = riceMessages(rice);
  const options: Option[] = data.choices.map((c) => ({ label: krLabel(c), value: c.id }));
  const impactOptions: Option[] = data.impactScale.map((s) => ({
    label: s.label,
    value: String(s.value),
  }));
  const confidenceOptions: Option[] = data.confidenceScale.map((s) => ({
    label: s.label,
    value: String(s.value),
  }));
  const pick = (list: Option[], value: string): Option | undefined =>
    list.find((o) => Number(o.value) === Number(value));
  const set = (field: RiceField) => (value: string) => setRice({ ...rice, [field]: value });

  const save = async (): Promise<void> => {
    setSaving(true);
    const result = await onSave({ issueKey: data.issueKey, keyResults: linked, rice });
    setSaving(false);
    if (result.ok) {
      setData(result.data);
      setError(null);
    } else {
      setError(result.error);
    }
  };

  const link = async (krId: string): Promise<void> => {
    setLinking(krId);
    const result = await onLinkSuggestion({ issueKey: data.issueKey, krId });
    setLinking(null);
    if (result.ok) {
      // The verdict, score and links as Jira now holds them; unsaved RICE edits are kept.
      setData(result.data);
      setLinked(result.data.linked);
      setError(null);
    } else {
      setError(result.error);
    }
  };

  const { verdict } = data;
  return (
    <Stack space="space.150">
      <Inline space="space.100" alignBlock="center">
        <Heading size="small">
          {verdict.score === null ? 'No OKR score' : `OKR score ${verdict.score}`}
        </Heading>
        {verdict.icebox ? <Lozenge appearance="moved">Icebox</Lozenge> : null}
        {verdict.bau ? <Lozenge appearance="default">Business as usual</Lozenge> : null}
      </Inline>
      <Text>{verdict.explanation}</Text>
      {data.linkedStanding.length === 0 ? null : (
        <SectionMessage appearance="warning" title="Key results this issue serves need attention">
          {data.linkedStanding.map((s) => (
            <Text key={s.krId}>{s.message}</Text>
          ))}
        </SectionMessage>
      )}
      {verdict.icebox && verdict.iceboxReason !== null ? (
        <SectionMessage appearance="information" title="Why this issue is in the Icebox">
          <Text>{verdict.iceboxReason}</Text>
        </SectionMessage>
      ) : null}
      {verdict.icebox ? (
        <Suggestions
          suggestions={data.suggestions}
          canEdit={data.canEdit}
          linking={linking}
          onLink={(krId) => void link(krId)}
        />
      ) : null}
      {verdict.problems.map((problem) => (
        <Text key={problem}>⚠ {problem}</Text>
      ))}
      {data.canEdit ? null : (
        <SectionMessage appearance="warning" title="Read only">
          <Text>{data.readOnlyReason ?? ''}</Text>
        </SectionMessage>
      )}
      {error === null ? null : <ResolverErrorMessage error={error} />}
      <Label labelFor="keyrank-krs">Key Results</Label>
      <Select
        id="keyrank-krs"
        isMulti
        isDisabled={!data.canEdit}
        options={options}
        value={options.filter((o) => linked.includes(o.value))}
        onChange={(value: Option[] | null) => setLinked((value ?? []).map((o) => o.value))}
      />
      <Label labelFor="keyrank-reach">Reach (people or events per period)</Label>
      <Textfield
        id="keyrank-reach"
        value={rice.reach}
        isDisabled={!data.canEdit}
        onChange={(e) => set('reach')(fieldText(e))}
      />
      {messages.reach === undefined ? null : <ErrorMessage>{messages.reach}</ErrorMessage>}
      <Label labelFor="keyrank-impact">Impact</Label>
      <Select
        id="keyrank-impact"
        isDisabled={!data.canEdit}
        options={impactOptions}
        value={pick(impactOptions, rice.impact)}
        onChange={(o: Option | null) => set('impact')(o?.value ?? '')}
      />
      {messages.impact === undefined ? null : <ErrorMessage>{messages.impact}</ErrorMessage>}
      <Label labelFor="keyrank-confidence">Confidence</Label>
      <Select
        id="keyrank-confidence"
        isDisabled={!data.canEdit}
        options={confidenceOptions}
        value={pick(confidenceOptions, rice.confidence)}
        onChange={(o: Option | null) => set('confidence')(o?.value ?? '')}
      />
      {messages.confidence === undefined ? null : (
        <ErrorMessage>{messages.confidence}</ErrorMessage>
      )}
      <Label labelFor="keyrank-effort">Effort (person-weeks or points)</Label>
      <Textfield
        id="keyrank-effort"
        value={rice.effort}
        isDisabled={!data.canEdit}
        onChange={(e) => set('effort')(fieldText(e))}
      />
      {messages.effort === undefined ? null : <ErrorMessage>{messages.effort}</ErrorMessage>}
      <Button
        appearance="primary"
        isDisabled={!data.canEdit || saving || Object.keys(messages).length > 0}
        onClick={() => void save()}
      >
        {saving ? 'Saving…' : 'Save'}
      </Button>
    </Stack>
  );
}
