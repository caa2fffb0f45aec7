import { z } from 'zod';

const seconds = (fallback: number) => z.coerce.number().int().positive().default(fallback);

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
    JWT_SECRET: z
      .string({ error: 'is required (the start script generates one into .data/ for local use)' })
      .min(32, 'must be at least 32 characters of random data'),
    JWT_ISSUER: z.string().min(1).default('tasklane'),
    JWT_AUDIENCE: z.string().min(1).default('tasklane-app'),
    BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
    ACCESS_TOKEN_TTL: seconds(15 * 60),
    REFRESH_TOKEN_TTL: seconds(30 * 24 * 60 * 60),
    VERIFICATION_TOKEN_TTL: seconds(60 * 60),
    PASSWORD_TOKEN_TTL: seconds(60 * 60),
    INVITATION_TTL: seconds(7 * 24 * 60 * 60),
    REFRESH_GRACE_SECONDS: z.coerce.number().int().min(0).max(60).default(10),
    // The reply floor hides whether an email has an account: work for known and unknown
    // addresses differs (mail sent or not), the padded reply time does not.
    ENUMERATION_FLOOR_MS: z.coerce.number().int().min(0).max(5000).default(400),
    RATE_LIMIT_SCALE: z.coerce.number().positive().default(1),
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
