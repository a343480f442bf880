import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/linear/config';

describe('loadConfig', () => {
  it('applies the defaults of PRODUCT.md §4', () => {
    expect(loadConfig({ LINEAR_API_KEY: 'k' })).toEqual({
      apiKey: 'k',
      webhookSecret: undefined,
      apiUrl: 'https://api.linear.app/graphql',
      okrsPath: './okrs.yml',
      dbPath: './keyrank.db',
      publicUrl: undefined,
      port: 8787,
      rerankDelayMs: 2000,
      coalesceMs: 1000,
      syncEveryMs: 6 * 3_600_000,
    });
  });

  it('reads KEYRANK_SYNC_HOURS as hours, and refuses anything but a positive number by name', () => {
    expect(loadConfig({ KEYRANK_SYNC_HOURS: '0.5' }).syncEveryMs).toBe(1_800_000);
    for (const bad of ['0', '-1', 'six', 'Infinity', '1e9']) {
      const attempt = () => loadConfig({ KEYRANK_SYNC_HOURS: bad });
      expect(attempt).toThrow(ConfigError);
      expect(attempt).toThrow(/^KEYRANK_SYNC_HOURS: KEYRANK_SYNC_HOURS must be/);
    }
  });

  it('reads every variable and trims the public URL', () => {
    const config = loadConfig({
      LINEAR_API_KEY: 'k',
      LINEAR_WEBHOOK_SECRET: 's',
      LINEAR_API_URL: 'http://localhost:4000/graphql',
      KEYRANK_OKRS: 'o.yml',
      KEYRANK_DB: '/tmp/k.db',
      KEYRANK_PUBLIC_URL: 'https://keyrank.example.com/',
      PORT: '9000',
    });
    expect(config).toMatchObject({
      publicUrl: 'https://keyrank.example.com',
      port: 9000,
      dbPath: '/tmp/k.db',
    });
  });

  it('names every missing required variable, treating blanks as missing', () => {
    const attempt = () =>
      loadConfig({ LINEAR_WEBHOOK_SECRET: '  ' }, ['LINEAR_API_KEY', 'LINEAR_WEBHOOK_SECRET']);
    expect(attempt).toThrow(ConfigError);
    expect(attempt).toThrow(/LINEAR_API_KEY is not set[\s\S]*LINEAR_WEBHOOK_SECRET is not set/);
  });

  it('refuses plain HTTP to anything but a local test server, before the SDK would', () => {
    expect(() => loadConfig({ LINEAR_API_URL: 'http://api.linear.app/graphql' })).toThrow(
      /must use HTTPS/,
    );
    expect(loadConfig({ LINEAR_API_URL: 'http://localhost:4000/graphql' }).apiUrl).toBe(
      'http://localhost:4000/graphql',
    );
  });

  it('never echoes a value, even one pasted into the wrong variable', () => {
    const secret = 'lin_api_SUPERSECRET_value';
    let message = '';
    try {
      loadConfig({ LINEAR_API_KEY: 'k', KEYRANK_PUBLIC_URL: secret, PORT: secret });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('KEYRANK_PUBLIC_URL must be a URL');
    expect(message).toContain('PORT');
    expect(message).not.toContain('SUPERSECRET');
  });
});
