/** KR suggestions for unlinked issues (PRODUCT.md §8): BM25 over the workspace's own text. */
export {
  buildSuggester,
  BM25_K1,
  MAX_SUGGESTIONS,
  SUGGESTION_THRESHOLD,
  TITLE_WEIGHT,
  type KrSuggestion,
  type Suggester,
  type SuggesterInput,
} from './build-suggester';
export { issueText, type IssueText } from './issue-text';
export { stem } from './stem';
export { suggestKeyResults } from './suggest-key-results';
export { tokenize, type Token } from './tokenize';
