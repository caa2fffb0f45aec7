import { TRPCClientError } from '@trpc/client';
import type { AppErrorCode } from '@/server/errors';

const words: Record<AppErrorCode, string> = {
  INVALID_CREDENTIALS: 'That email and password do not match. Check both and try again.',
  INVALID_TOKEN: 'This link has expired or was already used.',
  INVALID_REFRESH_TOKEN: 'Your session has ended. Please sign in again.',
  REFRESH_CONFLICT: 'Your session was renewed in another tab. Please try again.',
  UNAUTHENTICATED: 'Please sign in to continue.',
  FORBIDDEN: 'You do not have permission to do that.',
  NOT_FOUND: 'We could not find that. It may have been deleted.',
  WEAK_PASSWORD: 'This password is one of the most common ones, so it is easy to guess. Please choose another.',
  RATE_LIMITED: 'Too many attempts.',
  CROSS_SITE_REQUEST: 'This request came from another site and was refused.',
  LAST_OWNER: 'An organisation needs at least one owner. Make someone else an owner first.',
  WRONG_PASSWORD: 'That is not your current password.',
  SOLE_OWNER:
    'You are the only owner of an organisation that has other members. On the Members page, make another member an owner first, then delete your account.',
  EMAIL_TAKEN: 'That address was taken by another account in the meantime, so your email was not changed.',
  SAME_EMAIL: 'That is already your email address.',
  SIGN_IN_TO_ACCEPT: 'This address already has a Tasklane account. Sign in with it to accept the invitation.',
  CONFIRMATION_MISMATCH: 'Type the organisation’s name exactly as it is shown to confirm.',
  SEARCH_EMPTY: 'Type a word to search for.',
  LIST_NAME_MISMATCH: 'Type the list’s name exactly as it is shown to confirm.',
  NOT_A_MEMBER: 'That person is not a member of this organisation, so the task cannot be assigned to them.',
  NO_LISTS: 'This organisation has no list yet. Create one first.',
  LIST_ARCHIVED: 'This list is archived, so its tasks cannot change. Restore it first.',
  ORGANISATION_REQUIRED: 'Choose an organisation to work in first.',
  BUSY: 'Someone else is changing this right now. Please try again.',
  DATABASE_UNAVAILABLE: 'Tasklane cannot reach its database right now. Please try again in a moment.',
  SERVER_BUSY: 'Tasklane is handling a lot of sign-ins right now.',
  CONFLICTING_COOKIES: 'Your browser sent conflicting session cookies, so we signed you out to be safe. Please sign in again.',
  WRONG_CODE: 'That code is not right, or it was already used. Enter the current code from your app, or a recovery code.',
  SECOND_FACTOR_REQUIRED: 'Enter a code from your authenticator app (or a recovery code) to confirm it is you.',
  SECOND_STEP_EXPIRED: 'This sign-in took too long or was already completed. Please sign in again.',
  ALREADY_ENROLLED: 'Your account already has an authenticator app. Remove it first to set up another.',
  PASSKEY_REFUSED: 'That passkey could not be used here. Try again, or use another way to sign in.',
  SECOND_FACTOR_POLICY:
    'This organisation asks every member for two-step sign-in. Add an authenticator app or a passkey on your Account page, then come back.',
  CREDENTIALS_CHANGED:
    'Your password, email or second factors changed while this was under way (perhaps in another tab), so we stopped it. Please start again.',
  CONFIRM_BY_EMAIL: 'To add your first second factor, open the link we just emailed to your account address.',
  OWNER_NEEDS_SECOND_FACTOR: 'Turn on two-step sign-in for your own account first (Account page), then require it here.',
};

export function retryIn(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export interface Described {
  message: string;
  fieldErrors: Record<string, string>;
  code: AppErrorCode | null;
}

/** Turns any error from a tRPC call into words a person can act on. */
export function describeError(error: unknown): Described {
  if (!(error instanceof TRPCClientError)) {
    return { message: 'Something went wrong. Check your connection and try again.', fieldErrors: {}, code: null };
  }
  const data = (error.data ?? {}) as {
    appCode?: AppErrorCode | null;
    retryAfterSeconds?: number | null;
    fieldErrors?: Record<string, string> | null;
    httpStatus?: number;
  };
  const code = data.appCode ?? null;
  if (code === 'RATE_LIMITED' || code === 'SERVER_BUSY') {
    const wait = data.retryAfterSeconds
      ? ` Please wait ${retryIn(data.retryAfterSeconds)} and try again.`
      : ' Please try again later.';
    return { message: `${words[code]}${wait}`, fieldErrors: {}, code };
  }
  if (code) return { message: words[code], fieldErrors: {}, code };
  if (data.fieldErrors) return { message: 'Please correct the highlighted field.', fieldErrors: data.fieldErrors, code: null };
  if (!data.httpStatus)
    return { message: 'We could not reach Tasklane. Check your connection and try again.', fieldErrors: {}, code: null };
  return { message: 'Something went wrong on our side. Please try again.', fieldErrors: {}, code: null };
}
