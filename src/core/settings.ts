import { z } from 'zod';

const percent = z.number().min(0, 'must be 0..100').max(100, 'must be 0..100');

export const CapacitySchema = z
  .strictObject({ okrMin: percent.default(60), okrMax: percent.default(70) })
  .refine((band) => band.okrMin <= band.okrMax, {
    message: 'okrMin must not be above okrMax',
    path: ['okrMin'],
  });

/** Workspace settings: one schema, shared by the OKR file, the Jira admin page and storage. */
export const SettingsSchema = z.strictObject({
  iceboxLabel: z
    .string()
    .trim()
    .min(1, 'must be a label name')
    // \S* so an empty label gets only the message above, not a false "has spaces".
    .regex(/^\S*$/, 'must be one word (Jira labels cannot hold spaces)')
    .default('icebox'),
  bauTypes: z.array(z.string().trim().min(1, 'must be an issue type name')).default(['Bug']),
  bauLabels: z
    .array(z.string().trim().min(1, 'must be a label name'))
    .default(['bau', 'maintenance', 'tech-debt']),
  scheduleBoost: z.boolean().default(true),
  capacity: CapacitySchema.default({ okrMin: 60, okrMax: 70 }),
  rankAutomatically: z.boolean().default(true),
});

export type Settings = z.infer<typeof SettingsSchema>;
export type SettingsInput = z.input<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
