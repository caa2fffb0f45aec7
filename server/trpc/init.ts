import { initTRPC } from '@trpc/server';
import { ZodError } from 'zod';
import { AppError } from '../errors';
import { loadMember } from '../organisation/membership';
import type { Context } from './context';
import { describeZodError, errorData, toTRPCError } from './error-map';

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error, ctx }) {
    const message = error.cause instanceof ZodError ? describeZodError(error.cause) : shape.message;
    return {
      code: shape.code,
      message,
      data: {
        code: shape.data.code,
        httpStatus: shape.data.httpStatus,
        path: shape.data.path ?? null,
        ...errorData(error, ctx?.meta.requestId ?? null),
      },
    };
  },
});

const mapErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) throw toTRPCError(result.error.cause);
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);

/** The seed's requireUser: a valid access token or UNAUTHORIZED. */
export const protectedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError('UNAUTHENTICATED');
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** A signed-in member of an organisation, with their current role read from the database. */
export const memberProcedure = protectedProcedure.use(async ({ ctx, next }) =>
  next({ ctx: { ...ctx, member: await loadMember(ctx.deps, ctx.user) } }),
);
