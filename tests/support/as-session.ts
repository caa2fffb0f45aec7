/** A sign-in or set-password reply that must be a session (the account has no second factor). */
export function asSession<T extends object>(reply: T): Exclude<T, { secondFactorToken: string }> {
  if ('secondFactorToken' in reply) throw new Error('expected a session, got the second step of a sign-in');
  return reply as Exclude<T, { secondFactorToken: string }>;
}
