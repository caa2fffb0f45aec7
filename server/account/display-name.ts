import { z } from 'zod';

/** What a person is called where others see them: their own name, or their email's local part. */
export function displayNameOf(user: { name?: string | null; email: string }): string {
  return user.name ?? user.email.slice(0, user.email.lastIndexOf('@'));
}

/** A display name as typed: trimmed, one line, 1 to 60 characters. */
export const displayNameInput = z
  .string({ error: 'Enter the name others will see.' })
  .transform((name) => name.normalize('NFC').replace(/\s+/g, ' ').trim())
  .pipe(
    z
      .string()
      .min(1, 'Enter the name others will see.')
      .max(60, 'Use at most 60 characters.')
      .refine(
        (name) => !/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069]/.test(name),
        'Use letters, digits and punctuation only.',
      ),
  );
