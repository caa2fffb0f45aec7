import type { AccessClaims } from '../auth/access-token';
import { emailPasswordLink } from '../auth/password-tokens';
import { assertPasswordNotCommon, hashPassword } from '../auth/passwords';
import { consumeLimit, LIMITS } from '../auth/rate-limit';
import { revokeUserSessions } from '../auth/sessions';
import { securityEvent } from '../lib/security-log';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import { audit } from './audit';
import { credentialEvent } from './credentials';
import { confirmPassword, type Reauthentication } from './confirm-password';

/**
 * Changes the password of the signed-in account, as a credential event (every pending flow
 * begun before it is void): every other session ends, this one stays, and the address gets a
 * notice carrying a reset link for "this wasn't me", which nothing done later from this
 * session can void (server/account/address-chain.ts).
 */
export async function changePassword(
  deps: Deps,
  claims: AccessClaims,
  reauth: Reauthentication,
  newPassword: string,
  client: Client,
): Promise<void> {
  // Each change emails the address: counted per account, right password or not.
  await consumeLimit(deps, LIMITS.challengesPerAccount, claims.userId);
  const user = await confirmPassword(deps, claims, reauth, client);
  assertPasswordNotCommon(newPassword);
  const passwordHash = await hashPassword(deps, newPassword);
  await credentialEvent(deps, user._id, () => ({ passwordHash }));
  await revokeUserSessions(deps, user._id, 'password changed', claims.sessionId);
  await emailPasswordLink(deps, user, (url) => ({ kind: 'password-changed', url }), 'notice');
  await audit(deps, { type: 'password.changed', userId: user._id, client });
  securityEvent(deps.log, 'password.changed', { userId: user._id, sessionId: claims.sessionId, ip: client.ip });
}
