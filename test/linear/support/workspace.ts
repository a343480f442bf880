import { readFileSync } from 'node:fs';
import { parseOkrFile, type Okrs, type Settings } from '../../../src/core/index';
import { labelSpecs } from '../../../src/linear/read/label-conventions';
import type { LocalLinear, Team } from './local-linear';

export const OKRS_PATH = new URL('../../fixtures/cli/okrs.yml', import.meta.url).pathname;
/** 45 of 2026-Q4's 91 days gone; the fixture's scores are worked out for this day. */
export const AS_OF = '2026-11-15';
export const PUBLIC_URL = 'https://keyrank.example.com';

export function fixtureOkrs(): { okrs: Okrs; settings: Settings } {
  const result = parseOkrFile(readFileSync(OKRS_PATH, 'utf8'));
  if (!result.ok) {
    throw new Error('fixture OKR file is invalid');
  }
  return { okrs: result.okrs, settings: result.settings };
}

/** A workspace as `keyrank linear setup` leaves it, plus two teams and a BAU label. */
export function seedWorkspace(linear: LocalLinear): { eng: Team; ops: Team } {
  const { okrs } = fixtureOkrs();
  for (const spec of labelSpecs(okrs)) {
    const group = linear.addLabel({
      name: spec.name,
      isGroup: true,
      groupType: spec.groupType,
      description: spec.description,
    });
    for (const child of spec.children) {
      linear.addLabel({ name: child.name, parentId: group.id, description: child.description });
    }
  }
  linear.addLabel({ name: 'icebox' });
  linear.addLabel({ name: 'bau' });
  linear.addLabel({ name: 'ui' });
  return { eng: linear.addTeam('ENG', 'Engineering'), ops: linear.addTeam('OPS', 'Operations') };
}
