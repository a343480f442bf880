import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/progress-bar';

describe('progressBar', () => {
  it('redraws in place with \\r and ends with a newline', () => {
    const written: string[] = [];
    const bar = progressBar((text) => written.push(text), 'writing');
    bar(1, 2);
    bar(2, 2);
    expect(written).toEqual([
      `\rwriting [${'#'.repeat(15)}${'.'.repeat(15)}] 1/2`,
      `\rwriting [${'#'.repeat(30)}] 2/2`,
      '\n',
    ]);
  });

  it('shows control characters in its label as text', () => {
    const written: string[] = [];
    progressBar((text) => written.push(text), 'team \u001b]0;pwned\u0007\r')(0, 1);
    expect(written).toEqual([`\rteam \\u001b]0;pwned\\u0007\\r [${'.'.repeat(30)}] 0/1`]);
  });
});
