import type { RouterOutputs } from '@/server/trpc/routers/_app';

// The client's names for what the API returns, all inferred from the router (dates as ISO strings).
export type SessionReply = RouterOutputs['auth']['refreshTokens'];
/** What a correct password gets when the account has a second factor (server/mfa/second-step.ts). */
export type SecondStepReply = Extract<RouterOutputs['auth']['signIn'], { secondFactorToken: string }>;
export type TaskView = RouterOutputs['task']['list']['tasks'][number];
export type MembersReply = RouterOutputs['organisation']['members'];
export type ListView = RouterOutputs['list']['all'][number];
