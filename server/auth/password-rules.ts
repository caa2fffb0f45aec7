// The one statement of the password rules, shared by the server's input schema and the
// browser's form (no imports: safe in a client bundle). NIST 800-63B: length only, no
// composition rules. Length counts code points after NFKC normalisation, so a passphrase in
// any script gets the same room (ASVS 5.0 6.2.9 asks for at least 64 characters).
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

/** NFKC, so that the same password typed on two keyboards is one password. */
export function normalisePassword(password: string): string {
  return password.normalize('NFKC');
}

/** What is wrong with a new (normalised) password, in words for the person; null when it is acceptable. */
export function passwordProblem(password: string): string | null {
  // Control characters (tabs, line breaks, NUL) cannot be typed alike everywhere.
  if (/\p{Cc}/u.test(password)) return 'A password cannot contain control characters such as tabs or line breaks.';
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters (15 or more is stronger).`;
  if (length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  return null;
}
