import { TRPCError } from '@trpc/server';
import { ZodError } from 'zod';
import { APP_ERRORS, AppError, type AppErrorCode } from '../errors';

export interface ErrorData {
  appCode: AppErrorCode | null;
  retryAfterSeconds: number | null;
  fieldErrors: Record<string, string> | null;
  requestId: string | null;
}

/** The one place where thrown errors become tRPC errors. */
export function toTRPCError(error: unknown): TRPCError {
  if (error instanceof TRPCError) return error;
  if (error instanceof AppError) {
    return new TRPCError({ code: APP_ERRORS[error.code].status, message: error.message, cause: error });
  }
  return new TRPCError({ code: 'INTERNAL_SERVER_ERROR', message: 'Something went wrong on our side.', cause: error });
}

/** Shapes the `data` of every error reply: no stack, no internal message, only what the client can act on. */
export function errorData(error: TRPCError, requestId: string | null): ErrorData {
  const cause = error.cause;
  const fieldErrors =
    cause instanceof ZodError
      ? Object.fromEntries(cause.issues.map((issue) => [issue.path.join('.') || 'input', issue.message]))
      : null;
  return {
    appCode: cause instanceof AppError ? cause.code : null,
    retryAfterSeconds: cause instanceof AppError ? (cause.details.retryAfterSeconds ?? null) : null,
    fieldErrors,
    requestId,
  };
}

export function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => `${issue.path.join('.') || 'input'}: ${issue.message}`).join('; ');
}
