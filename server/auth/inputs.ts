import { z } from 'zod';
import { MAX_PASSWORD_BYTES, MIN_PASSWORD_LENGTH } from './password-rules';

export const emailInput = z
  .string({ error: 'Enter your email address.' })
  .max(254, 'An email address has at most 254 characters.')
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: 'Enter a valid email address, like name@example.com.' }));

export const tokenInput = z
  .string({ error: 'The link is missing its token.' })
  .min(32, 'This link is incomplete. Open the link from the email again.')
  .max(128, 'This link is not valid.')
  .regex(/^[A-Za-z0-9_-]+$/, 'This link is not valid.');

// NIST 800-63B: length only, no composition rules; NFKC so that the same password typed on
// two keyboards hashes alike; bcrypt reads 72 bytes, so longer is refused rather than cut.
export const newPasswordInput = z
  .string({ error: 'Enter a password.' })
  .transform((s) => s.normalize('NFKC'))
  .pipe(
    z
      .string()
      .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters (15 or more is stronger).`)
      .refine(
        (s) => new TextEncoder().encode(s).length <= MAX_PASSWORD_BYTES,
        `Use at most ${MAX_PASSWORD_BYTES} bytes (about ${MAX_PASSWORD_BYTES} letters, fewer with accents or emoji).`,
      ),
  );

export const passwordInput = z
  .string({ error: 'Enter your password.' })
  .min(1, 'Enter your password.')
  .max(1024, 'That password is too long.')
  .transform((s) => s.normalize('NFKC'));

export const signUpInput = z.object({ email: emailInput });
export const verifyEmailInput = z.object({ token: tokenInput });
export const verifyPasswordTokenInput = z.object({ token: tokenInput });
export const setPasswordInput = z.object({ token: tokenInput, password: newPasswordInput });
export const resetPasswordInput = z.object({ email: emailInput });
export const signInInput = z.object({ email: emailInput, password: passwordInput });
export const refreshTokensInput = z.object({ refreshToken: tokenInput.optional() }).nullish();
export const logoutInput = refreshTokensInput;

export type SignInInput = z.infer<typeof signInInput>;
export type SetPasswordInput = z.infer<typeof setPasswordInput>;
