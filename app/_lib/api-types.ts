import type { RouterOutputs } from '@/server/trpc/routers/_app';

// The client's names for what the API returns, all inferred from the router (dates as ISO strings).
export type SessionReply = RouterOutputs['auth']['refreshTokens'];
export type TaskView = RouterOutputs['task']['list']['tasks'][number];
export type MembersReply = RouterOutputs['organisation']['members'];
