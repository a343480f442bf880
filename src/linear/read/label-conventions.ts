import { formatNumber, type Okrs, type RiceField } from '../../core/index';

/** RICE values as read from Linear: numbers, or text the core will judge. */
export type RiceValues = Partial<Record<RiceField, string | number>>;

/**
 * Keyrank's tags in Linear (PRODUCT.md §4): Linear has no custom fields, so key-result links
 * and RICE values are labels in named groups, and effort is the issue estimate.
 */

export const KEY_RESULTS_GROUP = 'Key Results';
export const IMPACT_GROUP = 'Impact';
export const CONFIDENCE_GROUP = 'Confidence';
export const REACH_GROUP = 'Reach';

export interface LabelOption {
  name: string;
  value: number;
  description?: string;
}

export const IMPACT_LABELS: readonly LabelOption[] = [
  { name: 'Massive (3)', value: 3 },
  { name: 'High (2)', value: 2 },
  { name: 'Medium (1)', value: 1 },
  { name: 'Low (0.5)', value: 0.5 },
  { name: 'Minimal (0.25)', value: 0.25 },
];

export const CONFIDENCE_LABELS: readonly LabelOption[] = [
  { name: 'High (100%)', value: 100 },
  { name: 'Medium (80%)', value: 80 },
  { name: 'Low (50%)', value: 50 },
];

export const REACH_LABELS: readonly LabelOption[] = [
  { name: '100', value: 100 },
  { name: '1,000', value: 1000 },
  { name: '10,000', value: 10000 },
  { name: '100,000', value: 100000 },
];

/** A label group Keyrank owns, with the children it should have. */
export interface LabelGroupSpec {
  name: string;
  groupType: 'multiSelect' | 'singleSelect';
  description: string;
  children: { name: string; description: string }[];
}

/** Every label `keyrank linear setup` makes, derived from the OKR file. */
export function labelSpecs(okrs: Okrs): LabelGroupSpec[] {
  const krs = okrs.objectives.flatMap((objective) => objective.keyResults);
  const option = (o: LabelOption) => ({ name: o.name, description: o.description ?? '' });
  return [
    {
      name: KEY_RESULTS_GROUP,
      groupType: 'multiSelect',
      description: 'Keyrank: the key results this issue serves (one label per KR)',
      children: krs.map((kr) => ({
        name: kr.id,
        description: `${kr.title}: ${formatNumber(kr.baseline)} → ${formatNumber(kr.target)}${kr.unit ?? ''}`,
      })),
    },
    {
      name: IMPACT_GROUP,
      groupType: 'singleSelect',
      description: 'Keyrank RICE impact',
      children: IMPACT_LABELS.map(option),
    },
    {
      name: CONFIDENCE_GROUP,
      groupType: 'singleSelect',
      description: 'Keyrank RICE confidence',
      children: CONFIDENCE_LABELS.map(option),
    },
    {
      name: REACH_GROUP,
      groupType: 'singleSelect',
      description: 'Keyrank RICE reach (people or events per period)',
      children: REACH_LABELS.map(option),
    },
  ];
}

/** An issue label as Linear hands it over: its name and the name of its group, if any. */
export interface IssueLabel {
  name: string;
  group: string | null;
}

/** Labels read the way Keyrank reads them: KR links, RICE values, and the plain labels. */
export interface ReadLabels {
  keyResults: string[];
  rice: RiceValues;
  /** Labels outside Keyrank's groups (BAU labels, the icebox label, anything else). */
  plain: string[];
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function valueIn(options: readonly LabelOption[], name: string): number | string {
  // An unknown label in a RICE group still reaches the core, which says what is accepted.
  return options.find((o) => same(o.name, name))?.value ?? name;
}

export function readLabels(labels: readonly IssueLabel[]): ReadLabels {
  const read: ReadLabels = { keyResults: [], rice: {}, plain: [] };
  for (const label of labels) {
    const group = label.group ?? '';
    if (same(group, KEY_RESULTS_GROUP)) {
      read.keyResults.push(label.name.trim());
    } else if (same(group, IMPACT_GROUP)) {
      read.rice.impact = valueIn(IMPACT_LABELS, label.name);
    } else if (same(group, CONFIDENCE_GROUP)) {
      read.rice.confidence = valueIn(CONFIDENCE_LABELS, label.name);
    } else if (same(group, REACH_GROUP)) {
      read.rice.reach = valueIn(REACH_LABELS, label.name);
    } else {
      read.plain.push(label.name);
    }
  }
  return read;
}
