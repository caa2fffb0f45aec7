import { liveEventsInput } from '../../live/inputs';
import { streamLiveEvents } from '../../live/stream';
import { issueTicket } from '../../live/tickets';
import { mapStreamErrors } from '../error-map';
import { memberProcedure, publicProcedure, router } from '../init';

export const liveRouter = router({
  ticket: memberProcedure.mutation(({ ctx }) => issueTicket(ctx.deps, ctx.user, ctx.member)),
  events: publicProcedure
    .input(liveEventsInput)
    .subscription(({ ctx, input, signal }) =>
      mapStreamErrors(
        streamLiveEvents(
          ctx.deps,
          { ticket: ctx.meta.liveTicket ?? null, user: ctx.user, organisationId: ctx.meta.organisationId ?? null },
          input.lastEventId,
          signal,
        ),
      ),
    ),
});
