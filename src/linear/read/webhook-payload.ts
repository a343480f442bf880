import { z } from 'zod';

/**
 * The webhook body, after its signature is verified. Only what Keyrank reads is checked;
 * Linear adds fields often, so unknown ones pass through.
 */
export const WebhookEnvelopeSchema = z
  .object({
    type: z.string().min(1),
    action: z.string().min(1),
    webhookTimestamp: z.number(),
    data: z.record(z.string(), z.unknown()),
  })
  .loose();

const LabelSchema = z
  .object({ id: z.string(), name: z.string(), parentId: z.string().nullish() })
  .loose();

export const IssueDataSchema = z
  .object({
    id: z.string().min(1),
    identifier: z.string().min(1),
    title: z.string().default(''),
    teamId: z.string().min(1),
    team: z.object({ id: z.string(), key: z.string() }).loose().nullish(),
    state: z.object({ id: z.string(), type: z.string() }).loose(),
    labels: z.array(LabelSchema).default([]),
    labelIds: z.array(z.string()).default([]),
    estimate: z.number().nullish(),
    description: z.string().nullish(),
    sortOrder: z.number(),
    updatedAt: z.string().nullish(),
    cycle: z.object({ name: z.string().nullish(), number: z.number().nullish() }).loose().nullish(),
    trashed: z.boolean().nullish(),
  })
  .loose();

export const IssueEventSchema = WebhookEnvelopeSchema.extend({
  type: z.literal('Issue'),
  // create, update, remove; an action Linear adds later is processed like an update.
  action: z.string().min(1),
  data: IssueDataSchema,
  updatedFrom: z.record(z.string(), z.unknown()).nullish(),
});

export type IssueEvent = z.output<typeof IssueEventSchema>;
