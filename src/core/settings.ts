import { z } from 'zod';

const percent = z.number().min(0, 'must be 0..100').max(100, 'must be 0..100');

export const CapacitySchema = z
  .strictObject({ okrMin: percent.default(60), okrMax: percent.default(70) })
  .refine((band) => band.okrMin <= band.okrMax, {
    message: 'okrMin must not be above okrMax',
    path: ['okrMin'],
  });

const share = z.number().gt(0, 'must be a share > 0 (0.10 is 10%)').max(1, 'must be at most 1');

/** How far progress may trail the expected line: gap < atRisk is on track, gap < behind at risk. */
export const HealthSchema = z
  .strictObject({ atRisk: share.default(0.1), behind: share.default(0.25) })
  .refine((health) => health.atRisk <= health.behind, {
    message: 'atRisk must not be above behind',
    path: ['atRisk'],
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
  health: HealthSchema.default({ atRisk: 0.1, behind: 0.25 }),
  /** A KR with no check-in for this many days (once its period is this old) is stale. */
  staleAfterDays: z
    .number()
    .int('must be a whole number of days')
    .min(1, 'must be at least 1 day')
    .max(366, 'must be at most 366 days')
    .default(14),
  /** Jira groups whose members may check in KR values, besides administrators. */
  checkInGroups: z.array(z.string().trim().min(1, 'must be a group name')).default([]),
});

export type Settings = z.infer<typeof SettingsSchema>;
export type SettingsInput = z.input<typeof SettingsSchema>;

export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
