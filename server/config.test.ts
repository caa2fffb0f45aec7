import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';

const valid = {
  DATABASE_URL: 'mongodb://127.0.0.1:27017/tasklane',
  JWT_SECRET: 'x'.repeat(32),
  PASSWORD_PEPPER: 'p'.repeat(32),
  DATA_KEY: 'd'.repeat(32),
};

describe('parseConfig', () => {
  it('fills the documented defaults', () => {
    const config = parseConfig(valid);
    expect(config).toMatchObject({
      PORT: 3000,
      APP_URL: 'http://localhost:3000',
      BCRYPT_COST: 12,
      ACCESS_TOKEN_TTL: 900,
      REFRESH_TOKEN_TTL: 2592000,
    });
    expect(config.VERIFICATION_TOKEN_TTL).toBe(3600);
    expect(config.PASSWORD_TOKEN_TTL).toBe(3600);
    expect(config.SESSION_IDLE_TIMEOUT).toBe(14 * 24 * 3600);
    expect(config.HASH_CONCURRENCY).toBeGreaterThanOrEqual(1);
  });

  it('requires the pepper, and an https APP_URL in production unless it is localhost', () => {
    expect(() => parseConfig({ ...valid, PASSWORD_PEPPER: undefined })).toThrow(/PASSWORD_PEPPER: is required/);
    const production = { ...valid, NODE_ENV: 'production' };
    expect(() => parseConfig({ ...production, APP_URL: 'http://tasks.example.com' })).toThrow(
      /APP_URL: must be https in production/,
    );
    expect(parseConfig({ ...production, APP_URL: 'https://tasks.example.com' }).APP_URL).toBe('https://tasks.example.com');
    expect(parseConfig({ ...production, APP_URL: 'http://localhost:3100' }).APP_URL).toBe('http://localhost:3100');
    expect(parseConfig({ ...production, APP_URL: 'http://127.0.0.1:3100' }).APP_URL).toBe('http://127.0.0.1:3100');
    expect(parseConfig({ ...valid, APP_URL: 'http://tasks.example.com' }).APP_URL).toBe('http://tasks.example.com');
  });

  it('names every missing or malformed variable', () => {
    expect(() => parseConfig({})).toThrow(/DATABASE_URL: is required[\s\S]*JWT_SECRET: is required/);
    expect(() => parseConfig({ ...valid, DATABASE_URL: 'postgres://x' })).toThrow(/DATABASE_URL: must be a mongodb:\/\//);
    expect(() => parseConfig({ ...valid, JWT_SECRET: 'short' })).toThrow(/JWT_SECRET: must be at least 32 characters/);
    expect(() => parseConfig({ ...valid, PORT: 'eighty' })).toThrow(/PORT:/);
    expect(() => parseConfig({ ...valid, SMTP_URL: 'http://mail' })).toThrow(/SMTP_URL: must be an smtp/);
  });

  it('derives APP_URL from PORT and drops a trailing slash', () => {
    expect(parseConfig({ ...valid, PORT: '4000' }).APP_URL).toBe('http://localhost:4000');
    expect(parseConfig({ ...valid, APP_URL: 'https://tasks.example.com/' }).APP_URL).toBe('https://tasks.example.com');
  });
});
