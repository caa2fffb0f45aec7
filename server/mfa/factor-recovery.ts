import { audit } from '../account/audit';
import { emailPasswordLink } from '../auth/password-tokens';
import { consumeLimit, LIMITS } from '../auth/rate-limit';
import { revokeUserSessions } from '../auth/sessions';
import { addSeconds, claimOnce, hashToken, newToken } from '../auth/tokens';
import { AppError, isAppErrorCode } from '../errors';
import { credentialEvent, mailboxLinkHoldsFor, readCredentials } from '../account/credentials';
import { isDuplicateKey } from '../store/db-errors';
import { claimPeriod } from '../store/locks';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';

// A sign-in during the wait is told at most once an hour (each notice carries a cancel link).
const NOTICE_PERIOD_MS = 60 * 60_000;

const when = (date: Date) => date.toUTCString().replace('GMT', 'UTC');

/**
 * A fresh one-click cancel link for the account's pending recovery, sent to its address; only its
 * hash is kept. A mailbox link: nothing done from a later address can void it (address-chain.ts).
 */
async function cancelLink(deps: Deps, user: { _id: string; email: string }, effectiveAt: Date): Promise<string> {
  const { token, tokenHash } = newToken();
  await deps.db.orm.recoveryCancels.create({
    tokenHash,
    userId: user._id,
    sentTo: user.email,
    issuedAt: deps.clock(),
    expiresAt: effectiveAt,
  });
  return `${deps.config.APP_URL}/cancel-recovery?token=${token}`;
}

/**
 * Someone at the second step who has lost every factor (the password was right) asks for them
 * to be removed. Nothing happens for FACTOR_RECOVERY_WAIT; the address is told at once, with a
 * cancel link. Asking again while one is pending changes nothing but sends the notice again.
 */
export async function requestFactorRecovery(deps: Deps, secondStepToken: string, client: Client): Promise<{ effectiveAt: Date }> {
  const { db, clock, config } = deps;
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  const step = await db.orm.signInChallenges
    .where({ tokenHash: hashToken(secondStepToken) })
    .select('userId', 'epoch', 'expiresAt')
    .first();
  if (!step || step.expiresAt <= clock()) throw new AppError('SECOND_STEP_EXPIRED');
  const user = await db.orm.users.where({ _id: step.userId }).select('_id', 'email', 'credentialEpoch').first();
  const epoch = step.epoch ?? '';
  if (!user || (user.credentialEpoch ?? '') !== epoch) throw new AppError('SECOND_STEP_EXPIRED');
  await consumeLimit(deps, LIMITS.emailPerAddress, user.email);

  const now = clock();
  let effectiveAt = addSeconds(now, config.FACTOR_RECOVERY_WAIT);
  try {
    await db.orm.factorRecoveries.create({ userId: user._id, requestedAt: now, effectiveAt, epoch });
    await audit(deps, { type: 'mfa.recovery_requested', userId: user._id, client, detail: `takes effect ${when(effectiveAt)}` });
  } catch (error) {
    if (!isDuplicateKey(error)) throw error;
    const pending = await db.orm.factorRecoveries.where({ userId: user._id }).select('effectiveAt').first();
    if (pending) effectiveAt = pending.effectiveAt;
  }
  await deps.comms.send(user.email, {
    kind: 'factor-recovery-requested',
    cancelUrl: await cancelLink(deps, user, effectiveAt),
    effectiveAt: when(effectiveAt),
  });
  return { effectiveAt };
}

/**
 * A password was accepted for an account with a pending recovery: the owner, if it is them,
 * should know; if it is not them, this is how they find out. At most once an hour.
 */
export async function noticeRecoveryAtSignIn(deps: Deps, user: { _id: string; email: string }, client: Client): Promise<void> {
  const pending = await deps.db.orm.factorRecoveries.where({ userId: user._id }).select('effectiveAt').first();
  if (!pending || !(await claimPeriod(deps, `recovery-notice:${user._id}`, NOTICE_PERIOD_MS))) return;
  await deps.comms.send(user.email, {
    kind: 'factor-recovery-notice',
    cancelUrl: await cancelLink(deps, user, pending.effectiveAt),
    effectiveAt: when(pending.effectiveAt),
    ip: client.ip,
  });
}

/** Ends a pending recovery: one of its cancel links, or a sign-in with a factor (the owner has one after all). */
async function endRecovery(deps: Deps, userId: string, email: string, why: string): Promise<boolean> {
  const removed = await deps.db.orm.factorRecoveries.where({ userId }).deleteAndCount();
  await deps.db.orm.recoveryCancels.where({ userId }).deleteAll();
  if (removed === 0) return false;
  await deps.comms.send(email, { kind: 'factor-recovery-cancelled', why });
  await audit(deps, { type: 'mfa.recovery_cancelled', userId, detail: why });
  return true;
}

/**
 * The one-click cancel from a notice (single use: its row's delete decides), while the address it
 * was sent to may still act for the account.
 */
export async function cancelFactorRecovery(deps: Deps, token: string, client: Client): Promise<void> {
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  const found = await deps.db.orm.recoveryCancels
    .where({ tokenHash: hashToken(token) })
    .select('_id', 'userId', 'sentTo', 'issuedAt', 'expiresAt')
    .first();
  const claimed = await claimOnce(found, (_id) => deps.db.orm.recoveryCancels.where({ _id }).deleteAndCount(), deps.clock());
  if (!claimed) throw new AppError('INVALID_TOKEN');
  const account = await readCredentials(deps, claimed.userId);
  if (!account || !mailboxLinkHoldsFor(account, claimed)) {
    throw new AppError('INVALID_TOKEN');
  }
  if (!(await endRecovery(deps, claimed.userId, account.email, 'cancelled from the emailed link'))) {
    throw new AppError('INVALID_TOKEN');
  }
}

/**
 * A sign-in completed with a second factor: a pending recovery of that account is not needed,
 * provided that factor existed before the recovery was asked for (someone who asked for it,
 * knowing the password, cannot have added it meanwhile, but the rule does not lean on that).
 */
export async function cancelRecoveryOnSignIn(
  deps: Deps,
  user: { _id: string; email: string },
  factorAddedAt: Date | null,
): Promise<void> {
  const pending = await deps.db.orm.factorRecoveries.where({ userId: user._id }).select('requestedAt').first();
  if (pending && factorAddedAt && factorAddedAt < pending.requestedAt) {
    await endRecovery(deps, user._id, user.email, 'you signed in with your second factor');
  }
}

/**
 * Recoveries whose wait is over take effect, as a credential event: every factor and recovery
 * code goes, every session ends, the password is cleared, and the address gets a link to choose
 * a new one. A recovery asked for before a later credential event (the owner reset or changed the
 * password, or changed a factor) is void and only removed. Run by the housekeeping timer; each
 * recovery is claimed by deleting it, so one instance applies it. Returns how many took effect.
 */
export async function applyDueFactorRecoveries(deps: Deps): Promise<number> {
  const { db, clock } = deps;
  const now = clock();
  const due = (await db.orm.factorRecoveries.select('_id', 'userId', 'effectiveAt', 'epoch').all()).filter(
    (r) => r.effectiveAt <= now,
  );
  let applied = 0;
  for (const recovery of due) {
    if ((await db.orm.factorRecoveries.where({ _id: recovery._id }).deleteAndCount()) !== 1) continue;
    const userId = recovery.userId;
    const user = await db.orm.users.where({ _id: userId }).select('_id', 'email').first();
    if (!user) continue;
    const applies = await credentialEvent(deps, userId, async (account) => {
      if (account.epoch !== (recovery.epoch ?? '')) throw new AppError('CREDENTIALS_CHANGED');
      await Promise.all([
        db.orm.totpFactors.where({ userId }).deleteAll(),
        db.orm.passkeys.where({ userId }).deleteAll(),
        db.orm.recoveryCodes.where({ userId }).deleteAll(),
        db.orm.recoveryCancels.where({ userId }).deleteAll(),
      ]);
      return { secondFactor: false, passwordHash: null };
    }).then(
      () => true,
      (error: unknown) => {
        if (isAppErrorCode(error, 'CREDENTIALS_CHANGED')) return false;
        throw error;
      },
    );
    if (!applies) {
      await audit(deps, {
        type: 'mfa.recovery_cancelled',
        userId,
        detail: 'the password or a factor changed after it was asked for',
      });
      continue;
    }
    await revokeUserSessions(deps, userId, 'second factors removed after recovery');
    await emailPasswordLink(deps, user, (url) => ({ kind: 'factors-removed', url }), 'notice');
    await audit(deps, { type: 'mfa.recovery_completed', userId });
    applied++;
  }
  return applied;
}
