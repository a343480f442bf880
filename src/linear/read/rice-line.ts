import { RICE_FIELDS, type RiceField } from '../../core/index';
import type { RiceValues } from './label-conventions';

/**
 * The description line `RICE: reach 1200, impact 2, confidence 80%, effort 3` (any subset):
 * exact numbers that override the RICE labels. Values stay text so the core judges them and
 * its messages reach the attachment.
 */
export interface RiceLine {
  rice: RiceValues;
  problems: string[];
}

const LINE = /^[ \t>*_-]*RICE[*_]*\s*:[*_]*(.*)$/im;

export function readRiceLine(description: string | null | undefined): RiceLine {
  const match = LINE.exec(description ?? '');
  if (!match) {
    return { rice: {}, problems: [] };
  }
  const rice: RiceValues = {};
  const problems: string[] = [];
  const body = (match[1] ?? '').trim();
  // Split on commas that separate fields, not on thousands separators ("reach 1,200").
  const parts = body
    .split(/,(?!\d{3}\b)|;/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
  for (const part of parts) {
    const field = /^([A-Za-z]+)\s*[:=]?\s*(.*)$/.exec(part);
    const name = field?.[1]?.toLowerCase() ?? '';
    if (!isRiceField(name)) {
      problems.push(
        `RICE line in the description: "${part}" is not understood — write "RICE: reach 1200, impact 2, confidence 80%, effort 3" (any subset)`,
      );
      continue;
    }
    rice[name] = (field?.[2] ?? '').trim();
    if (rice[name] === '') {
      problems.push(`RICE line in the description: ${name} has no value`);
      delete rice[name];
    }
  }
  if (parts.length === 0) {
    problems.push(
      'RICE line in the description is empty — write "RICE: reach 1200, impact 2, confidence 80%, effort 3" (any subset)',
    );
  }
  return { rice, problems };
}

function isRiceField(name: string): name is RiceField {
  return (RICE_FIELDS as readonly string[]).includes(name);
}
