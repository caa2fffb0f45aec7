import type { AccessClaims } from '../auth/access-token';
import { AppError } from '../errors';
import { withLock } from '../store/locks';
import { securityEvent } from '../lib/security-log';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import { membersOf, membershipsOf } from '../organisation/membership';
import { confirmPassword, type Reauthentication } from './confirm-password';
import { startJob } from '../jobs/run';
import { eraseAccountJob } from './erase';

/** Holds every key's lock at once, taken in sorted order so that two callers cannot deadlock. */
async function withLocks<T>(deps: Deps, keys: string[], work: () => Promise<T>): Promise<T> {
  const [first, ...rest] = [...keys].sort();
  return first ? withLock(deps, first, () => withLocks(deps, rest, work)) : work();
}

/**
 * Deletes the signed-in account (password re-checked). The only owner of an organisation
 * that has other members must make one of them an owner first. An organisation left with
 * nobody goes too, with its tasks and invitations. A confirmation goes to the address. The
 * removal is a job (server/jobs/run.ts): whatever a crash leaves, the housekeeping finishes.
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
      const erase: string[] = [];
      for (const organisationId of organisationIds) {
        const members = await membersOf(deps, organisationId);
        const others = members.filter((m) => m.userId !== user._id);
        const mine = members.find((m) => m.userId === user._id);
        if (mine?.role === 'owner' && others.length > 0 && !others.some((m) => m.role === 'owner')) {
          throw new AppError('SOLE_OWNER');
        }
        if (others.length === 0) erase.push(organisationId);
      }
      const leave = organisationIds.filter((id) => !erase.includes(id));
      // Its first step ends the account under these locks; a run cut short is finished by the housekeeping.
      await startJob(deps, eraseAccountJob, user._id, { userId: user._id, email: user.email, erase, leave });
    },
  );
  securityEvent(deps.log, 'account.deleted', { userId: user._id, ip: client.ip });
}
