import { isoTime, type Clock } from './clock';

/** Where the adapter reports what it did: one JSON line per entry, secrets removed. */
export interface Logger {
  info: (message: string, fields?: Record<string, unknown>) => void;
  warn: (message: string, fields?: Record<string, unknown>) => void;
  error: (message: string, fields?: Record<string, unknown>) => void;
}

/**
 * A logger writing JSON lines; every line passes through `redact`, so a secret that slipped
 * into an error message from a library is still never written.
 */
export function jsonLogger(
  write: (line: string) => void,
  secrets: readonly (string | undefined)[],
  now: Clock,
): Logger {
  const redact = redactor(secrets);
  const entry =
    (level: string) =>
    (message: string, fields: Record<string, unknown> = {}): void => {
      write(`${redact(JSON.stringify({ time: isoTime(now()), level, message, ...fields }))}\n`);
    };
  return { info: entry('info'), warn: entry('warn'), error: entry('error') };
}

export function redactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const known = secrets.filter((s): s is string => s !== undefined && s.length >= 4);
  return (text) => known.reduce((out, secret) => out.split(secret).join('[redacted]'), text);
}

export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} };
