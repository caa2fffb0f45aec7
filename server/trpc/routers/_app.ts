import { router } from '../init';
import { authRouter } from './auth';
import { healthRouter } from './health';
import { organisationRouter } from './organisation';
import { taskRouter } from './task';

export const appRouter = router({
  auth: authRouter,
  health: healthRouter,
  organisation: organisationRouter,
  task: taskRouter,
});

export type AppRouter = typeof appRouter;
