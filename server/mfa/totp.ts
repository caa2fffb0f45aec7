import { randomBytes } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';

// RFC 6238 as authenticator apps implement it: HMAC-SHA1, 6 digits, 30-second steps.
const PERIOD_SECONDS = 30;
const DIGITS = 6;
/** One step either side: a phone clock a little off, or a code typed as it turned over. */
const WINDOW = 1;

/** A new secret: 160 bits from the CSPRNG (RFC 4226's recommended length), as base32 for the app. */
export function newTotpSecret(): string {
  return new Secret({ buffer: new Uint8Array(randomBytes(20)).buffer }).base32;
}

/** What the QR code carries: `otpauth://totp/Tasklane:<email>?secret=…&issuer=Tasklane…`. */
export function totpUri(secret: string, email: string): string {
  return new TOTP({
    issuer: 'Tasklane',
    label: email,
    secret: Secret.fromBase32(secret),
    digits: DIGITS,
    period: PERIOD_SECONDS,
  }).toString();
}

/** The 30-second step a time falls in. */
export function stepAt(now: Date): number {
  return Math.floor(now.getTime() / 1000 / PERIOD_SECONDS);
}

/** The code for a step (tests, and the RFC vectors with other algorithms and lengths). */
export function totpCode(secret: string, at: Date, { algorithm = 'SHA1', digits = DIGITS } = {}): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm, digits, period: PERIOD_SECONDS, timestamp: at.getTime() });
}

/** The step whose code this is, within one step of `now`; null when it matches none. */
export function matchingStep(secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secret),
    digits: DIGITS,
    period: PERIOD_SECONDS,
    timestamp: now.getTime(),
    window: WINDOW,
  });
  return delta === null ? null : stepAt(now) + delta;
}
