import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, normalisePassword, passwordProblem } from './password-rules';
import { displayNameInput } from '../account/display-name';

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

export const newPasswordInput = z
  .string({ error: 'Enter a password.' })
  .max(4 * MAX_PASSWORD_LENGTH, `Use at most ${MAX_PASSWORD_LENGTH} characters.`)
  .transform(normalisePassword)
  .superRefine((password, ctx) => {
    const problem = passwordProblem(password);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const passwordInput = z
  .string({ error: 'Enter your password.' })
  .min(1, 'Enter your password.')
  .max(4 * MAX_PASSWORD_LENGTH, 'That password is too long.')
  .transform(normalisePassword);

export const signUpInput = z.object({ email: emailInput });
export const verifyEmailInput = z.object({ token: tokenInput });
export const verifyPasswordTokenInput = z.object({ token: tokenInput });
// `name`: asked with the first password; left out, the email's local part shows (server/account/display-name.ts).
export const setPasswordInput = z.object({ token: tokenInput, password: newPasswordInput, name: displayNameInput.optional() });
export const resetPasswordInput = z.object({ email: emailInput });
export const signInInput = z.object({ email: emailInput, password: passwordInput });
// A refresh token is "<session id><secret>" (server/auth/sessions.ts); anything else is simply refused there.
export const refreshTokensInput = z.object({ refreshToken: tokenInput.optional() }).nullish();
export const logoutInput = refreshTokensInput;
