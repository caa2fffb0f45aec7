import type { AccessClaims } from '../auth/access-token';
import { AppError } from '../errors';
import { withLock } from '../lib/lock';
import { securityEvent } from '../lib/security-log';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import { audit } from './audit';
import { confirmPassword } from './confirm-password';
import { eraseAccount, eraseOrganisation } from './erase';

/**
 * Deletes the signed-in account (password re-checked). The only owner of an organisation
 * that has other members must make one of them an owner first. An organisation left with
 * nobody goes too, with its tasks and invitations. A confirmation goes to the address.
 */
export async function deleteAccount(deps: Deps, claims: AccessClaims, password: string, client: Client): Promise<void> {
  const user = await confirmPassword(deps, claims, password);
  const organisationId = user.organisationId;
  // Under the organisation's members lock: an owner leaving at the same time as the only
  // other owner is demoted or leaves cannot leave members without an owner.
  await withLock(deps, `members:${organisationId}`, async () => {
    const members = await deps.db.orm.users.where({ organisationId }).select('_id', 'role').all();
    const me = members.find((m) => m._id === user._id);
    if (!me) throw new AppError('UNAUTHENTICATED');
    const others = members.filter((m) => m._id !== user._id);
    if (me.role === 'owner' && others.length > 0 && !others.some((m) => m.role === 'owner')) throw new AppError('SOLE_OWNER');

    await eraseAccount(deps, user._id, organisationId, 'account deleted');
    if (others.length === 0) await eraseOrganisation(deps, organisationId);
    else await audit(deps, { type: 'account.deleted', organisationId, actorEmail: user.email });
  });
  await deps.comms.send(user.email, { kind: 'account-deleted' });
  securityEvent(deps.log, 'account.deleted', { userId: user._id, ip: client.ip });
}
