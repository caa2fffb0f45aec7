import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import { router } from '../init';
import { accountRouter } from './account';
import { authRouter } from './auth';
import { commentRouter } from './comment';
import { healthRouter } from './health';
import { listRouter } from './list';
import { liveRouter } from './live';
import { mfaRouter } from './mfa';
import { organisationRouter } from './organisation';
import { taskRouter } from './task';

export const appRouter = router({
  account: accountRouter,
  auth: authRouter,
  comment: commentRouter,
  health: healthRouter,
  list: listRouter,
  live: liveRouter,
  mfa: mfaRouter,
  organisation: organisationRouter,
  task: taskRouter,
});

export type AppRouter = typeof appRouter;

/**
 * What the API takes and gives, as a client sees it. Services return `Date`s; the API is plain
 * JSON (no transformer), so they arrive as ISO strings, and these types say so.
 */
export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
