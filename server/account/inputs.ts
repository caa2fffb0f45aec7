import { z } from 'zod';
import { emailInput, newPasswordInput, passwordInput, tokenInput } from '../auth/inputs';
import { stepUpFields } from '../mfa/inputs';

/** What a person types to confirm deleting their account. */
export const DELETE_CONFIRMATION = 'delete my account';

// Sensitive changes carry the password and, when the account has a second factor, a code (step-up).
export const changePasswordInput = z.object({ currentPassword: passwordInput, newPassword: newPasswordInput, ...stepUpFields });
export const changeEmailInput = z.object({ password: passwordInput, newEmail: emailInput, ...stepUpFields });
export const emailLinkInput = z.object({ token: tokenInput });
export const deleteAccountInput = z.object({
  password: passwordInput,
  ...stepUpFields,
  confirmation: z
    .string({ error: `Type “${DELETE_CONFIRMATION}” to confirm.` })
    .max(100, `Type “${DELETE_CONFIRMATION}” to confirm.`)
    .trim()
    .toLowerCase()
    .refine((typed) => typed === DELETE_CONFIRMATION, `Type “${DELETE_CONFIRMATION}” to confirm.`),
});
