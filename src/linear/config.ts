import { z } from 'zod';

/**
 * The Linear adapter's configuration: read once from the environment at the edge and passed
 * down; nothing else reads `process.env`. Secrets are kept out of every message.
 */

/** Start-up cannot go on: a variable is missing or the OKR file is wrong. Exit 1, one message. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

const url = (name: string) =>
  z.url({ error: `${name} must be a URL such as https://keyrank.example.com` });

/** Tokens travel to it: HTTPS, or plain HTTP only to a local test server. */
const linearUrl = (name: string) =>
  url(name).refine(
    (value) =>
      /^https:/.test(value) || /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/.test(value),
    `${name} must use HTTPS (plain HTTP only for a local test server)`,
  );

const ConfigSchema = z.object({
  LINEAR_API_KEY: z.string().trim().min(1).optional(),
  LINEAR_WEBHOOK_SECRET: z.string().trim().min(1).optional(),
  LINEAR_API_URL: linearUrl('LINEAR_API_URL').default('https://api.linear.app/graphql'),
  KEYRANK_OKRS: z.string().trim().min(1).default('./okrs.yml'),
  KEYRANK_DB: z.string().trim().min(1).default('./keyrank.db'),
  KEYRANK_PUBLIC_URL: url('KEYRANK_PUBLIC_URL').optional(),
  PORT: z.coerce
    .number({ error: 'PORT must be a port number' })
    .int('PORT must be a whole number')
    .min(0, 'PORT must be 0..65535')
    .max(65535, 'PORT must be 0..65535')
    .default(8787),
  KEYRANK_RERANK_DELAY_MS: z.coerce
    .number({ error: 'KEYRANK_RERANK_DELAY_MS must be a number of milliseconds' })
    .int('KEYRANK_RERANK_DELAY_MS must be a whole number')
    .min(0, 'KEYRANK_RERANK_DELAY_MS must be ≥ 0')
    .default(2000),
  KEYRANK_COALESCE_MS: z.coerce
    .number({ error: 'KEYRANK_COALESCE_MS must be a number of milliseconds' })
    .int('KEYRANK_COALESCE_MS must be a whole number')
    .min(0, 'KEYRANK_COALESCE_MS must be ≥ 0')
    // Linear gives a webhook 5 s; the inbox answered long before, but events should not idle.
    .max(60_000, 'KEYRANK_COALESCE_MS must be at most 60000 (a minute)')
    .default(1000),
  KEYRANK_API_TOKEN: z
    .string()
    .trim()
    // Guessable tokens let anyone move a key result: ask for something generated.
    .min(
      24,
      'KEYRANK_API_TOKEN must be at least 24 characters, such as the output of: openssl rand -hex 32',
    )
    .optional(),
  LINEAR_OAUTH_CLIENT_ID: z.string().trim().min(1).optional(),
  LINEAR_OAUTH_CLIENT_SECRET: z.string().trim().min(1).optional(),
  // Tests point sign-in at a local OAuth server; unset, Linear's own endpoints are used.
  LINEAR_OAUTH_URL: linearUrl('LINEAR_OAUTH_URL').optional(),
  KEYRANK_SYNC_HOURS: z.coerce
    .number({ error: 'KEYRANK_SYNC_HOURS must be a number of hours, such as 6' })
    .positive('KEYRANK_SYNC_HOURS must be a positive number of hours, such as 6 or 0.5')
    // A year at most: anything longer is a typo, and timers cannot count that far anyway.
    .max(8760, 'KEYRANK_SYNC_HOURS must be at most 8760 (a year)')
    .default(6),
});

export interface Config {
  apiKey: string | undefined;
  webhookSecret: string | undefined;
  apiUrl: string;
  okrsPath: string;
  dbPath: string;
  /** Without a trailing slash. */
  publicUrl: string | undefined;
  port: number;
  /** Quiet time after the last event before a team backlog is re-ranked. */
  rerankDelayMs: number;
  /** How long the first of several events waits for the others, so their writes share requests. */
  coalesceMs: number;
  /** How often `keyrank serve` syncs every team, besides at start. */
  syncEveryMs: number;
  /** The bearer token of POST /api/key-results/<id>/check-ins; without it the route is off. */
  apiToken: string | undefined;
  /** The Linear OAuth application of "Sign in with Linear" and `keyrank linear install`. */
  oauthClientId: string | undefined;
  oauthClientSecret: string | undefined;
  /** Where /oauth/authorize, /oauth/token and /oauth/revoke are; undefined: Linear's own. */
  oauthUrl: string | undefined;
}

/** What each variable is for, so a missing one says what to do. */
const WHY: Record<RequiredVariable, string> = {
  LINEAR_API_KEY: 'a Linear API key (create one at https://linear.app/settings/account/security)',
  LINEAR_WEBHOOK_SECRET:
    "the webhook's signing secret (Linear → Settings → API → Webhooks → your webhook)",
  KEYRANK_PUBLIC_URL:
    'the HTTPS address where this server is reached, used in score attachment links',
  LINEAR_OAUTH_CLIENT_ID:
    "the client ID of Keyrank's OAuth application (Linear → Settings → API → OAuth applications)",
  LINEAR_OAUTH_CLIENT_SECRET:
    "the client secret of Keyrank's OAuth application (Linear → Settings → API → OAuth applications)",
};

export type RequiredVariable =
  | 'LINEAR_API_KEY'
  | 'LINEAR_WEBHOOK_SECRET'
  | 'KEYRANK_PUBLIC_URL'
  | 'LINEAR_OAUTH_CLIENT_ID'
  | 'LINEAR_OAUTH_CLIENT_SECRET';

/**
 * Reads the configuration once; `required` names the variables the command cannot do without.
 * Empty strings count as missing. Values never appear in errors, only variable names.
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  required: readonly RequiredVariable[] = [],
): Config {
  const picked = Object.fromEntries(
    Object.keys(ConfigSchema.shape).map((name) => [name, blankToUndefined(env[name])]),
  );
  const parsed = ConfigSchema.safeParse(picked);
  if (!parsed.success) {
    // Only the variable name and the rule: a secret pasted into the wrong variable stays secret.
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${String(issue.path[0])}: ${issue.message}`),
    );
  }
  const values = parsed.data;
  const missing = required.filter((name) => values[name] === undefined);
  if (missing.length > 0) {
    throw new ConfigError(missing.map((name) => `${name} is not set: it must hold ${WHY[name]}`));
  }
  return {
    apiKey: values.LINEAR_API_KEY,
    webhookSecret: values.LINEAR_WEBHOOK_SECRET,
    apiUrl: values.LINEAR_API_URL,
    okrsPath: values.KEYRANK_OKRS,
    dbPath: values.KEYRANK_DB,
    publicUrl: values.KEYRANK_PUBLIC_URL?.replace(/\/+$/, ''),
    port: values.PORT,
    rerankDelayMs: values.KEYRANK_RERANK_DELAY_MS,
    coalesceMs: values.KEYRANK_COALESCE_MS,
    syncEveryMs: values.KEYRANK_SYNC_HOURS * 3_600_000,
    apiToken: values.KEYRANK_API_TOKEN,
    oauthClientId: values.LINEAR_OAUTH_CLIENT_ID,
    oauthClientSecret: values.LINEAR_OAUTH_CLIENT_SECRET,
    oauthUrl: values.LINEAR_OAUTH_URL?.replace(/\/+$/, ''),
  };
}

function blankToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
