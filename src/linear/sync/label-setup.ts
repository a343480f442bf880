import { randomUUID } from 'node:crypto';
import type { Okrs, Settings } from '../../core/index';
import type { CatalogLabel, LabelCatalog } from '../api/label-catalog';
import type { Mutation } from '../api/mutations';
import { labelSpecs } from '../read/label-conventions';

/** One change `keyrank linear setup` makes, with the sentence it prints. */
export interface LabelAction {
  describe: string;
  mutation: Mutation;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * The label changes that make the workspace match PRODUCT.md §4 for these OKRs. Empty when
 * it already does, so a second run changes nothing. New groups get their id here so their
 * children can be created in the same request.
 */
export function labelActions(okrs: Okrs, settings: Settings, catalog: LabelCatalog): LabelAction[] {
  const labels = catalog.all().filter((l) => l.teamId === null);
  const actions: LabelAction[] = [];
  for (const spec of labelSpecs(okrs)) {
    const existing = labels.find((l) => l.isGroup && same(l.name, spec.name));
    let groupId: string;
    if (existing === undefined) {
      groupId = randomUUID();
      actions.push({
        describe: `create label group "${spec.name}" (${spec.groupType === 'multiSelect' ? 'multi-select' : 'single-select'})`,
        mutation: {
          name: 'issueLabelCreate',
          target: `label group "${spec.name}"`,
          args: {
            input: {
              id: groupId,
              name: spec.name,
              isGroup: true,
              groupType: spec.groupType,
              description: spec.description,
            },
          },
        },
      });
    } else {
      groupId = existing.id;
      const changes: Record<string, unknown> = {};
      if ((existing.description ?? '') !== spec.description) {
        changes.description = spec.description;
      }
      // A "Key Results" group made by hand as single-select would allow one KR per issue.
      if (existing.groupType !== spec.groupType) {
        changes.groupType = spec.groupType;
      }
      if (Object.keys(changes).length > 0) {
        actions.push(
          update(
            existing,
            changes,
            `update the label group "${spec.name}" (${Object.keys(changes).join(', ')})`,
          ),
        );
      }
    }
    for (const child of spec.children) {
      const inGroup = labels.find(
        (l) => !l.isGroup && l.parentId === groupId && same(l.name, child.name),
      );
      const loose = labels.find(
        (l) => !l.isGroup && l.parentId === null && same(l.name, child.name),
      );
      if (inGroup !== undefined) {
        if ((inGroup.description ?? '') !== child.description) {
          actions.push(
            update(
              inGroup,
              { description: child.description },
              `update "${spec.name} / ${child.name}": ${child.description}`,
            ),
          );
        }
      } else if (loose !== undefined) {
        actions.push(
          update(
            loose,
            { parentId: groupId, description: child.description },
            `move label "${child.name}" into "${spec.name}"`,
          ),
        );
      } else {
        actions.push({
          describe: `create label "${spec.name} / ${child.name}"${child.description ? `: ${child.description}` : ''}`,
          mutation: {
            name: 'issueLabelCreate',
            target: `label "${spec.name} / ${child.name}"`,
            args: {
              input: { name: child.name, parentId: groupId, description: child.description },
            },
          },
        });
      }
    }
  }
  if (!labels.some((l) => !l.isGroup && same(l.name, settings.iceboxLabel))) {
    actions.push({
      describe: `create label "${settings.iceboxLabel}" (the Icebox)`,
      mutation: {
        name: 'issueLabelCreate',
        target: `label "${settings.iceboxLabel}"`,
        args: {
          input: {
            name: settings.iceboxLabel,
            description: 'Keyrank: serves no active key result; waits in the Icebox',
          },
        },
      },
    });
  }
  return actions;
}

function update(
  label: CatalogLabel,
  input: Record<string, unknown>,
  describe: string,
): LabelAction {
  return {
    describe,
    mutation: {
      name: 'issueLabelUpdate',
      target: `label "${label.name}"`,
      args: { id: label.id, input },
    },
  };
}
