import { Button, DynamicTable, Heading, Lozenge, SectionMessage, Stack, Text } from '@forge/react';
import { useState } from 'react';
import type {
  BacklogRow,
  ProjectData,
  RerankResult,
  ResolverError,
  ResolverResult,
} from '../../shared/contract';
import { ResolverErrorMessage } from './resolver-error';

export interface ProjectPageViewProps {
  data: ProjectData;
  onRerank: () => Promise<ResolverResult<RerankResult>>;
}

function table(rows: BacklogRow[], caption: string, reason: (row: BacklogRow) => string) {
  return (
    <DynamicTable
      caption={caption}
      head={{
        cells: [
          { key: 'key', content: 'Issue' },
          { key: 'score', content: 'OKR score' },
          { key: 'why', content: 'Why' },
        ],
      }}
      rows={rows.map((row) => ({
        key: row.key,
        cells: [
          { key: 'key', content: `${row.key} ${row.title}` },
          { key: 'score', content: row.score === null ? '—' : String(row.score) },
          { key: 'why', content: reason(row) },
        ],
      }))}
    />
  );
}

export function ProjectPageView({ data, onRerank }: ProjectPageViewProps) {
  const [result, setResult] = useState<RerankResult | null>(null);
  const [error, setError] = useState<ResolverError | null>(null);
  const rerank = async (): Promise<void> => {
    const answer = await onRerank();
    if (answer.ok) {
      setResult(answer.data);
      setError(null);
    } else {
      setError(answer.error);
    }
  };
  return (
    <Stack space="space.200">
      <Heading size="medium">{`${data.projectKey} backlog by OKR score`}</Heading>
      <Button
        appearance="primary"
        isDisabled={data.pendingMoves === 0}
        onClick={() => void rerank()}
      >
        {`Re-rank backlog (${data.pendingMoves} moves)`}
      </Button>
      {result === null ? null : (
        <Text>{`Moved ${result.moves} issues in ${result.rankRequests} Rank requests.`}</Text>
      )}
      {error === null ? null : <ResolverErrorMessage error={error} />}
      {data.capacity.map((sprint) => (
        <SectionMessage
          key={sprint.sprint}
          appearance={sprint.warnings.length > 0 ? 'warning' : 'success'}
          title={`${sprint.sprint}: OKR ${sprint.okr}% · BAU ${sprint.bau}% · unaligned ${sprint.unaligned}%`}
        >
          <Text>
            {sprint.warnings.length > 0
              ? sprint.warnings.join(' ')
              : 'Within the OKR capacity band.'}
          </Text>
        </SectionMessage>
      ))}
      {table(data.backlog, 'Ranked backlog', (row) => row.explanation)}
      <Heading size="small">Icebox</Heading>
      <Lozenge appearance="moved">{`${data.icebox.length} issues`}</Lozenge>
      {table(data.icebox, 'Icebox', (row) => row.iceboxReason ?? '')}
    </Stack>
  );
}
