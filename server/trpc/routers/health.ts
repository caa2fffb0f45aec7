import { checkHealth, type HealthDetails } from '../../health/check-health';
import { publicProcedure, router } from '../init';

export const healthRouter = router({
  // Anyone may ask whether Tasklane is up; what it runs on is told only to the operator's own
  // machine (a loopback socket that no proxy forwarded), never to the public.
  check: publicProcedure.query(async ({ ctx }): Promise<{ status: 'ok'; database?: HealthDetails }> => {
    const database = await checkHealth(ctx.deps);
    return ctx.meta.directLoopback ? { status: 'ok', database } : { status: 'ok' };
  }),
});
