import { List, ListItem, SectionMessage, Text } from '@forge/react';
import type { ResolverError } from '../../../contract/result';

/**
 * A resolver's error as a section message: the sentence, then one line per problem. A
 * `forbidden` answer says what Jira did not allow and that nothing changed.
 */
export function ResolverErrorMessage({ error }: { error: ResolverError }) {
  const appearance = error.kind === 'invalid-input' ? 'warning' : 'error';
  return (
    <SectionMessage appearance={appearance} title={error.message}>
      {error.problems && error.problems.length > 0 ? (
        <List type="unordered">
          {error.problems.map((problem) => (
            <ListItem key={problem}>{problem}</ListItem>
          ))}
        </List>
      ) : (
        <Text>{error.kind === 'forbidden' ? 'Nothing was changed.' : ''}</Text>
      )}
    </SectionMessage>
  );
}
