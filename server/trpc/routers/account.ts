import { z } from 'zod';
import { endOtherSessions, endSession, listSessions } from '../../account/sessions';
import { idInput } from '../../tasks/inputs';
import { protectedProcedure, router } from '../init';

/** The signed-in person's own account (docs/account.md). */
export const accountRouter = router({
  sessions: protectedProcedure.query(({ ctx }) => listSessions(ctx.deps, ctx.user)),
  endSession: protectedProcedure.input(z.object({ id: idInput })).mutation(async ({ ctx, input }) => {
    await endSession(ctx.deps, ctx.user, input.id);
    return { ok: true as const };
  }),
  endOtherSessions: protectedProcedure.mutation(async ({ ctx }) => {
    await endOtherSessions(ctx.deps, ctx.user);
    return { ok: true as const };
  }),
});
