import { checkHealth } from '../../health/check-health';
import { publicProcedure, router } from '../init';

export const healthRouter = router({
  check: publicProcedure.query(({ ctx }) => checkHealth(ctx.deps)),
});
