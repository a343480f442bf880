import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/** axe-core's browser build (a devDependency), injected into the page under test. */
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

/** axe-core's serious and critical violations on the page as it is now, each with where and why. */
export async function seriousViolations(page: Page): Promise<{ id: string; nodes: string[] }[]> {
  // Evaluated, not added as a <script>: keyrank serve's Content-Security-Policy refuses inline
  // scripts, and the test must not loosen it to look.
  await page.evaluate(await readFile(AXE, 'utf8'));
  return page.evaluate(async () => {
    const run = (
      globalThis as unknown as {
        axe: {
          run: () => Promise<{
            violations: {
              id: string;
              impact: string | null;
              nodes: { target: string[]; failureSummary?: string }[];
            }[];
          }>;
        };
      }
    ).axe.run;
    const result = await run();
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({
        id: v.id,
        nodes: v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`),
      }));
  });
}
