import type { AccessClaims } from '../auth/access-token';
import { AppError } from '../errors';
import { withLock } from '../lib/lock';
import { securityEvent } from '../lib/security-log';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import { membersOf, membershipsOf } from '../organisation/membership';
import { audit } from './audit';
import { confirmPassword, type Reauthentication } from './confirm-password';
import { eraseAccount, eraseOrganisation } from './erase';

/** Holds every key's lock at once, taken in sorted order so that two callers cannot deadlock. */
async function withLocks<T>(deps: Deps, keys: string[], work: () => Promise<T>): Promise<T> {
  const [first, ...rest] = [...keys].sort();
  return first ? withLock(deps, first, () => withLocks(deps, rest, work)) : work();
}

/**
 * Deletes the signed-in account (password re-checked). The only owner of an organisation
 * that has other members must make one of them an owner first. An organisation left with
 * nobody goes too, with its tasks and invitations. A confirmation goes to the address.
 */
export async function deleteAccount(deps: Deps, claims: AccessClaims, reauth: Reauthentication, client: Client): Promise<void> {
  const user = await confirmPassword(deps, claims, reauth, client);
  const organisationIds = (await membershipsOf(deps, user._id)).map((m) => m.organisationId);
  // Under each organisation's members lock: leaving at the same moment as the only other
  // owner is demoted or leaves cannot leave members without an owner.
  await withLocks(
    deps,
    organisationIds.map((id) => `members:${id}`),
    async () => {
      const emptied = new Set<string>();
      for (const organisationId of organisationIds) {
        const members = await membersOf(deps, organisationId);
        const others = members.filter((m) => m.userId !== user._id);
        const mine = members.find((m) => m.userId === user._id);
        if (mine?.role === 'owner' && others.length > 0 && !others.some((m) => m.role === 'owner')) {
          throw new AppError('SOLE_OWNER');
        }
        if (others.length === 0) emptied.add(organisationId);
      }
      await eraseAccount(deps, user._id, 'account deleted');
      for (const organisationId of organisationIds) {
        if (emptied.has(organisationId)) await eraseOrganisation(deps, organisationId);
        else await audit(deps, { type: 'account.deleted', organisationId, actorEmail: user.email });
      }
    },
  );
  await deps.comms.send(user.email, { kind: 'account-deleted' });
  securityEvent(deps.log, 'account.deleted', { userId: user._id, ip: client.ip });
}
