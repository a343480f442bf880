import {
  formatOkrFileIssue,
  parseOkrFile,
  withCheckIns,
  type Okrs,
  type Settings,
} from '../../core/index';
import { ConfigError } from '../config';
import type { CheckInStore } from '../store/check-in-store';

/** The OKR file of KEYRANK_OKRS, read and validated: what every Linear command decides from. */
export interface LoadedOkrs {
  okrs: Okrs;
  settings: Settings;
  warnings: string[];
}

/** Reads and validates the OKR file named by KEYRANK_OKRS; an invalid file stops start-up. */
export function loadOkrs(path: string, readFile: (path: string) => string): LoadedOkrs {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError([
      `cannot read the OKR file ${path} (KEYRANK_OKRS): ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    ]);
  }
  const result = parseOkrFile(text);
  const warnings = result.warnings.map((w) => formatOkrFileIssue(path, w));
  if (!result.ok) {
    throw new ConfigError(result.errors.map((issue) => formatOkrFileIssue(path, issue)));
  }
  return { okrs: result.okrs, settings: result.settings, warnings };
}

/**
 * The OKRs `keyrank serve` scores with: the file's, with the check-ins the server stored
 * (pushed and automatic values) merged in, so a KR's current value, its behind-plan boost and
 * its staleness follow them.
 */
export async function withStoredCheckIns(
  okrs: Okrs,
  store: Pick<CheckInStore, 'all'>,
): Promise<Okrs> {
  return withCheckIns(okrs, await store.all());
}
