import { describe, expect, it } from 'vitest';
import { parseConfig } from '../config';
import { createLogger } from '../lib/logger';
import { createTransport } from './transport';

const env = {
  DATABASE_URL: 'mongodb://127.0.0.1/x',
  JWT_SECRET: 's'.repeat(40),
  PASSWORD_PEPPER: 'p'.repeat(40),
  DATA_KEY: 'd'.repeat(40),
};

function linesFor(extra: Record<string, string>): string[] {
  const lines: string[] = [];
  createTransport(
    parseConfig({ ...env, ...extra }),
    createLogger((line) => lines.push(line)),
  );
  return lines;
}

describe('the console mail transport', () => {
  it('warns loudly when it runs in production, where it would print sign-in links to the log', () => {
    const lines = linesFor({ NODE_ENV: 'production' });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 'warn', message: expect.stringMatching(/SMTP_URL is unset/) });
  });

  it('stays quiet in development and when SMTP is configured', () => {
    expect(linesFor({ NODE_ENV: 'development' })).toEqual([]);
    expect(linesFor({ NODE_ENV: 'production', SMTP_URL: 'smtp://127.0.0.1:2525' })).toEqual([]);
  });
});
