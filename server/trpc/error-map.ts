import { TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';
import { APP_ERRORS, AppError, isAppError, type AppErrorCode } from '../errors';
import { isDatabaseUnavailable } from '../store/db-errors';
import { MAX_BATCH_SIZE } from './batch-size';

export interface ErrorData {
  appCode: AppErrorCode | null;
  retryAfterSeconds: number | null;
  fieldErrors: Record<string, string> | null;
  requestId: string | null;
}

/** The one place where thrown errors become tRPC errors. */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (isAppError(error)) {
    return new TRPCError({ code: APP_ERRORS[error.code].status, message: error.message, cause: error });
  }
  if (isDatabaseUnavailable(error)) {
    const unavailable = new AppError('DATABASE_UNAVAILABLE', { retryAfterSeconds: 5 }, { cause: error });
    return new TRPCError({ code: 'SERVICE_UNAVAILABLE', message: unavailable.message, cause: unavailable });
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on our side.', cause: error });
}

export const INTERNAL_MESSAGE = 'Something went wrong on our side. Try again; if it keeps happening, quote the request id.';

// Words for what tRPC itself refuses (bad JSON, unknown path, wrong method): fixed texts, so
// that nothing a library or the client wrote into a message is echoed back.
const TRANSPORT_MESSAGES: Partial<Record<TRPC_ERROR_CODE_KEY, string>> = {
  PARSE_ERROR: 'The request body is not valid JSON.',
  BAD_REQUEST: 'The request is malformed.',
  NOT_FOUND: 'There is no such procedure.',
  METHOD_NOT_SUPPORTED: 'This procedure does not accept that HTTP method.',
  UNSUPPORTED_MEDIA_TYPE: 'Send the request body as application/json.',
  PAYLOAD_TOO_LARGE: 'The request body is too large.',
  CLIENT_CLOSED_REQUEST: 'The request was cancelled.',
};

/**
 * The message a client may see: a declared domain error's own, a validation summary, or a
 * fixed text. Anything else (a database error, a bug) becomes the generic internal message.
 */
export function publicMessage(error: TRPCError): string {
  const cause = error.cause;
  if (isAppError(cause)) return cause.message;
  if (cause instanceof ZodError) return describeZodError(cause);
  if (error.code === 'INTERNAL_SERVER_ERROR') return INTERNAL_MESSAGE;
  if (error.code === 'BAD_REQUEST' && error.message === 'Batch call exceeds maximum size') {
    return `A batch may hold at most ${MAX_BATCH_SIZE} calls.`;
  }
  return TRANSPORT_MESSAGES[error.code] ?? INTERNAL_MESSAGE;
}

/** Shapes the `data` of every error reply: no stack, no internal message, only what the client can act on. */
export function errorData(error: TRPCError, requestId: string | null): ErrorData {
  const cause = error.cause;
  const fieldErrors =
    cause instanceof ZodError
      ? Object.fromEntries(cause.issues.map((issue) => [issue.path.join('.') || 'input', issue.message]))
      : null;
  return {
    appCode: isAppError(cause) ? cause.code : null,
    retryAfterSeconds: isAppError(cause) ? (cause.details.retryAfterSeconds ?? null) : null,
    fieldErrors,
    requestId,
  };
}

/** The longest retry time among a reply's errors, for its Retry-After header. */
export function retryAfter(errors: TRPCError[]): number | null {
  const seconds = errors.flatMap((e) => (isAppError(e.cause) && e.cause.details.retryAfterSeconds) || []);
  return seconds.length > 0 ? Math.max(...seconds) : null;
}

export function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
}

/**
 * A subscription's errors, mapped as the middleware maps a call's: a stream fails after its
 * procedure has returned, where the middleware no longer sees it.
 */
export async function* mapStreamErrors<T>(stream: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (error) {
    throw isAppError(error) || isDatabaseUnavailable(error) ? toTRPCError(error) : error;
  }
}
