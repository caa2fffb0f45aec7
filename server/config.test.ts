import { describe, expect, it } from 'vitest';
import { parseConfig } from './config';

const valid = { DATABASE_URL: 'mongodb://127.0.0.1:27017/tasklane', JWT_SECRET: 'x'.repeat(32) };

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
