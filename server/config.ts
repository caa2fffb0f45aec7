import { availableParallelism } from 'node:os';
import { z } from 'zod';

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const secret = (name: string) =>
  z
    .string({ error: `is required (the start script generates one into .data/ for local use; set ${name} in production)` })
    .min(32, 'must be at least 32 characters of random data');

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);
function isSafeOrigin(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' || LOCAL_HOSTS.has(hostname);
}

const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: z.coerce.number().int().min(1).max(65535).default(3000),
    APP_URL: z.url({ protocol: /^https?$/ }).optional(),
    DATABASE_URL: z
      .string({ error: 'is required (the start script sets it when it starts the local FerretDB)' })
      .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URL'),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Tasklane <no-reply@tasklane.local>'),
    JWT_SECRET: secret('JWT_SECRET'),
    // Accepted for verification only, so that access tokens signed before a rotation stay
    // valid until they expire (ACCESS_TOKEN_TTL after the switch; then remove it).
    JWT_SECRET_PREVIOUS: z.string().min(32, 'must be at least 32 characters of random data').optional(),
    // Mixed into every password hash (HMAC-SHA-256) so that a leaked database alone cannot be
    // brute-forced; it lives apart from the database and must never change once hashes exist.
    PASSWORD_PEPPER: secret('PASSWORD_PEPPER'),
    // Encrypts data at rest that must be readable later (the outbox's queued emails, with
    // their links, and authenticator-app secrets): lose it and queued mail cannot be sent nor
    // codes checked; it is never stored with the data.
    DATA_KEY: secret('DATA_KEY'),
    // Opens only: data sealed before a rotation stays readable and is sealed again under
    // DATA_KEY as it is used (docs/mfa.md says when it can be removed).
    DATA_KEY_PREVIOUS: z.string().min(32, 'must be at least 32 characters of random data').optional(),
    JWT_ISSUER: z.string().min(1).default('tasklane'),
    JWT_AUDIENCE: z.string().min(1).default('tasklane-app'),
    BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
    ACCESS_TOKEN_TTL: seconds(15 * 60),
    REFRESH_TOKEN_TTL: seconds(30 * 24 * 60 * 60),
    VERIFICATION_TOKEN_TTL: seconds(60 * 60),
    PASSWORD_TOKEN_TTL: seconds(60 * 60),
    INVITATION_TTL: seconds(7 * 24 * 60 * 60),
    SESSION_IDLE_TIMEOUT: seconds(14 * 24 * 60 * 60),
    REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
    // The reply floor hides whether an email has an account: work for known and unknown
    // addresses differs (mail sent or not), the padded reply time does not.
    ENUMERATION_FLOOR_MS: z.coerce.number().int().min(0).max(5000).default(400),
    RATE_LIMIT_SCALE: z.coerce.number().positive().default(1),
    // Password hashing runs at most this many at once per process; a few more wait in line,
    // and past that a sign-in is told to retry instead of stalling every other one.
    HASH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(availableParallelism()),
    HASH_QUEUE_MAX: z.coerce.number().int().min(0).max(10_000).default(16),
    // The outbox retries a failed send after OUTBOX_RETRY_BASE_MS, doubling (with jitter), and
    // marks the message failed once it is OUTBOX_GIVE_UP_AFTER old (docs/email.md).
    OUTBOX_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
    OUTBOX_GIVE_UP_AFTER: seconds(24 * 60 * 60),
    // Security activity (auditEvents) is kept this long, then swept (docs/account.md).
    AUDIT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
    EMAIL_CHANGE_TTL: seconds(60 * 60),
    EMAIL_REVERT_TTL: seconds(7 * 24 * 60 * 60),
    // The second step of a sign-in (a code after the password) must follow within this (docs/mfa.md).
    SECOND_STEP_TTL: seconds(5 * 60),
    // Someone who lost every second factor gets them removed only after this wait, which every
    // sign-in and the email address are told about, each with a one-click cancel (docs/mfa.md).
    FACTOR_RECOVERY_WAIT: seconds(72 * 60 * 60),
  })
  .refine((env) => env.NODE_ENV !== 'production' || !env.APP_URL || isSafeOrigin(env.APP_URL), {
    path: ['APP_URL'],
    message: 'must be https in production (plain http is allowed for localhost only)',
  })
  .transform((env) => ({
    ...env,
    APP_URL: (env.APP_URL ?? `http://localhost:${env.PORT}`).replace(/\/$/, ''),
  }));

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment into a validated configuration; throws a message naming each bad variable. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const result = configSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return result.data;
}

let cached: Config | undefined;

/** The process configuration, parsed once on first use (never at build time). */
export function getConfig(): Config {
  cached ??= parseConfig(process.env);
  return cached;
}
