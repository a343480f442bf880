import type { ComponentProps } from 'react';
import { CallError as PageCallError } from '../../shared/call-error';
import { explainFailure } from '../../shared/explain-failure';
import type { ResolverError } from '../../../src/contract/result';
import { transport } from './transport';

/** The tracker's busy and no-answer sentences: Jira's in Jira, Linear's on keyrank serve. */
export function explain(error: ResolverError) {
  return explainFailure(error, transport.wording.tracker);
}

/** A failed call on the roadmap, worded for the tracker the page is in. */
export function CallError(props: Omit<ComponentProps<typeof PageCallError>, 'explain' | 'look'>) {
  return <PageCallError {...props} explain={explain} />;
}
