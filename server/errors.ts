/**
 * Every domain error the services raise, declared once. `status` is the tRPC code the
 * API maps it to (server/trpc/error-map.ts).
 *
 * Which words a person reads: for a domain error, the browser's own text for its `code`
 * (app/_lib/errors.ts, one per code, enforced by the compiler); `message` here is for API
 * clients and logs. For invalid input, the server's field messages are shown as they are
 * (the password rules come from one function, server/auth/password-rules.ts, that the form
 * also runs before sending).
 */
export const APP_ERRORS = {
  INVALID_CREDENTIALS: { status: 'UNAUTHORIZED', message: 'Email or password is incorrect.' },
  INVALID_TOKEN: { status: 'BAD_REQUEST', message: 'This link is invalid, expired or already used.' },
  INVALID_REFRESH_TOKEN: { status: 'UNAUTHORIZED', message: 'Your session has ended. Sign in again.' },
  REFRESH_CONFLICT: { status: 'CONFLICT', message: 'Your session was just refreshed by another tab. Retry.' },
  UNAUTHENTICATED: { status: 'UNAUTHORIZED', message: 'Sign in to continue.' },
  FORBIDDEN: { status: 'FORBIDDEN', message: 'You are not allowed to do that.' },
  NOT_FOUND: { status: 'NOT_FOUND', message: 'Not found.' },
  WEAK_PASSWORD: { status: 'BAD_REQUEST', message: 'This password is too common. Choose another.' },
  RATE_LIMITED: { status: 'TOO_MANY_REQUESTS', message: 'Too many attempts. Try again later.' },
  CROSS_SITE_REQUEST: { status: 'FORBIDDEN', message: 'Cross-site request refused.' },
  LAST_OWNER: { status: 'CONFLICT', message: 'An organisation needs at least one owner.' },
  WRONG_PASSWORD: { status: 'BAD_REQUEST', message: 'Your current password is not correct.' },
  SOLE_OWNER: {
    status: 'CONFLICT',
    message: 'You are the only owner of an organisation with other members: make another member an owner first.',
  },
  EMAIL_TAKEN: { status: 'CONFLICT', message: 'That address now belongs to another account: your email was not changed.' },
  SAME_EMAIL: { status: 'BAD_REQUEST', message: 'That is already your email address.' },
  SIGN_IN_TO_ACCEPT: { status: 'CONFLICT', message: 'This address has an account: sign in with it to accept.' },
  CONFIRMATION_MISMATCH: { status: 'BAD_REQUEST', message: 'The name typed does not match the organisation.' },
  LIST_NAME_MISMATCH: { status: 'BAD_REQUEST', message: 'The name typed does not match the list.' },
  NOT_A_MEMBER: { status: 'BAD_REQUEST', message: 'Tasks can be assigned only to members of the organisation.' },
  NO_LISTS: { status: 'CONFLICT', message: 'This organisation has no list yet: create one first.' },
  SEARCH_EMPTY: { status: 'BAD_REQUEST', message: 'Type a word to search for.' },
  LIST_ARCHIVED: { status: 'CONFLICT', message: 'This list is archived: restore it to change its tasks.' },
  ORGANISATION_REQUIRED: {
    status: 'BAD_REQUEST',
    message: 'Name the organisation this call works in (the x-organisation-id header).',
  },
  BUSY: { status: 'CONFLICT', message: 'Someone else is changing this right now. Try again.' },
  DATABASE_UNAVAILABLE: {
    status: 'SERVICE_UNAVAILABLE',
    message: 'The database cannot be reached right now. Try again shortly.',
  },
  SERVER_BUSY: { status: 'SERVICE_UNAVAILABLE', message: 'Too many sign-ins are being checked right now. Try again shortly.' },
  CONFLICTING_COOKIES: { status: 'BAD_REQUEST', message: 'Your browser sent more than one session cookie. Sign in again.' },
  WRONG_CODE: { status: 'BAD_REQUEST', message: 'That code is not right, or was already used.' },
  SECOND_FACTOR_REQUIRED: {
    status: 'BAD_REQUEST',
    message: 'This account has a second factor: send a code from the authenticator app or a recovery code too.',
  },
  SECOND_STEP_EXPIRED: { status: 'UNAUTHORIZED', message: 'This sign-in has expired or was already completed. Sign in again.' },
  ALREADY_ENROLLED: { status: 'CONFLICT', message: 'This account already has an authenticator app. Remove it first.' },
  PASSKEY_REFUSED: { status: 'BAD_REQUEST', message: 'The passkey could not be verified. Try again.' },
  SECOND_FACTOR_POLICY: {
    status: 'FORBIDDEN',
    message: 'This organisation requires a second factor: add an authenticator app or a passkey to your account first.',
  },
  CREDENTIALS_CHANGED: {
    status: 'CONFLICT',
    message: "This account's password, email or second factors changed while this was under way. Start again.",
  },
  CONFIRM_BY_EMAIL: {
    status: 'FORBIDDEN',
    message: 'Adding the first second factor needs the link we email to the account address.',
  },
  OWNER_NEEDS_SECOND_FACTOR: { status: 'CONFLICT', message: 'Add a second factor to your own account before requiring one.' },
} as const;

export type AppErrorCode = keyof typeof APP_ERRORS;

// A registry-wide symbol, not the class, marks a domain error: the production bundle can hold two
// copies of this module (the route handlers and instrumentation are bundled apart), and an
// error made by one copy fails `instanceof` against the other.
const BRAND = Symbol.for('tasklane.AppError');

export class AppError extends Error {
  override name = 'AppError';
  readonly [BRAND] = true;
  constructor(
    readonly code: AppErrorCode,
    readonly details: { retryAfterSeconds?: number } = {},
    options?: { cause?: unknown },
  ) {
    super(APP_ERRORS[code].message, options);
  }
}

/** A domain error, whichever copy of this module made it: recognised by its brand and a declared code. */
export function isAppError(error: unknown): error is AppError {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as Record<symbol, unknown>)[BRAND] === true &&
    Object.hasOwn(APP_ERRORS, (error as { code?: unknown }).code as string)
  );
}

/** A domain error with this code. */
export function isAppErrorCode(error: unknown, code: AppErrorCode): boolean {
  return isAppError(error) && error.code === code;
}
