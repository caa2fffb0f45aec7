import { initTRPC } from '@trpc/server';
import { AppError, isAppError } from '../errors';
import { isDatabaseUnavailable } from '../store/db-errors';
import { loadMember } from '../organisation/membership';
import type { Context } from './context';
import { errorData, publicMessage, toTRPCError } from './error-map';

const t = initTRPC.context<Context>().create({
  // Live streams (server/live/stream.ts): a comment line every 15 s keeps proxies from closing
  // a quiet stream, and a client that hears nothing for 25 s reconnects.
  sse: { ping: { enabled: true, intervalMs: 15_000 }, client: { reconnectAfterInactivityMs: 25_000 } },
  // The one error boundary: every reply's message is chosen here, never taken from the error.
  errorFormatter({ shape, error, ctx }) {
    return {
      code: shape.code,
      message: publicMessage(error),
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
  if (!result.ok && (isAppError(result.error.cause) || isDatabaseUnavailable(result.error.cause))) {
    throw toTRPCError(result.error.cause);
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(mapErrors);

/** A valid access token whose session is still live (revocation takes effect at the next call), or UNAUTHORIZED. */
export const protectedProcedure = publicProcedure.use(async ({ ctx, type, next }) => {
  const user = ctx.user;
  if (!user) throw new AppError('UNAUTHENTICATED');
  if (type !== 'query') {
    await ctx.assertLive();
    return next({ ctx: { ...ctx, user } });
  }
  // A query changes nothing, so it reads while the session is checked (one database round
  // trip instead of two); what it read is released only once the check has passed.
  const [live, result] = await Promise.allSettled([ctx.assertLive(), next({ ctx: { ...ctx, user } })]);
  if (live.status === 'rejected') throw live.reason;
  if (result.status === 'rejected') throw result.reason;
  return result.value;
});

/**
 * A signed-in member of the organisation the call names (the tab's choice, sent as the
 * x-organisation-id header), with their current role read from the database.
 */
export const memberProcedure = protectedProcedure.use(async ({ ctx, next }) =>
  next({
    ctx: {
      ...ctx,
      member: { ...(await loadMember(ctx.deps, ctx.user, ctx.meta.organisationId ?? null)), tab: ctx.meta.tab ?? null },
    },
  }),
);

/** A member, whatever the organisation's second-factor policy: only for leaving it. */
export const leavingMemberProcedure = protectedProcedure.use(async ({ ctx, next }) =>
  next({
    ctx: { ...ctx, member: await loadMember(ctx.deps, ctx.user, ctx.meta.organisationId ?? null, { policy: false }) },
  }),
);
