import { addSeconds, claimOnce, hashToken, newToken } from '../auth/tokens';
import { epochHolds } from '../account/credentials';
import { AppError } from '../errors';
import type { Client } from '../lib/client';
import type { Deps } from '../deps';
import { consumeLimit, LIMITS } from '../auth/rate-limit';
import { factorsOf } from './factors';
import { passkeyRequestOptions } from './passkeys';
import { verifySecondFactor, type SecondFactorProof } from './verify-factor';

/** What a correct password gets when the account has a second factor: not a session, a token for the next step. */
export interface SecondStep {
  secondFactorToken: string;
  expiresAt: Date;
  /** Which of the account's factors the page can offer (a recovery code always). */
  methods: { authenticator: boolean; passkey: boolean };
  /** How long a recovery takes when every factor is lost (FACTOR_RECOVERY_WAIT). */
  recoveryWaitHours: number;
}

/** A single-use token for the second step, valid SECOND_STEP_TTL; only its SHA-256 is stored. */
export async function issueSecondStep(
  deps: Pick<Deps, 'db' | 'clock' | 'config'>,
  userId: string,
  browser: boolean,
  /** The credential epoch the password was checked under: a credential event since voids the step. */
  epoch: string,
): Promise<SecondStep> {
  const { token, tokenHash } = newToken();
  const expiresAt = addSeconds(deps.clock(), deps.config.SECOND_STEP_TTL);
  const [factors] = await Promise.all([
    factorsOf(deps, userId),
    deps.db.orm.signInChallenges.create({ tokenHash, userId, browser, epoch, expiresAt }),
  ]);
  return {
    secondFactorToken: token,
    expiresAt,
    methods: { authenticator: factors.authenticator, passkey: factors.passkeys > 0 },
    recoveryWaitHours: Math.round(deps.config.FACTOR_RECOVERY_WAIT / 3600),
  };
}

/** The account's passkeys as options for the second step (the token names the account; it is not used up). */
export async function secondStepPasskeyOptions(deps: Deps, token: string, client: Client) {
  await consumeLimit(deps, LIMITS.tokenChecksPerIp, client.ip);
  const challenge = await deps.db.orm.signInChallenges
    .where({ tokenHash: hashToken(token) })
    .select('userId', 'expiresAt')
    .first();
  if (!challenge || challenge.expiresAt <= deps.clock()) throw new AppError('SECOND_STEP_EXPIRED');
  return passkeyRequestOptions(deps, 'second-factor', challenge.userId);
}

export interface SecondStepPassed {
  user: { _id: string; email: string; firstSignInAt: Date | null };
  browser: boolean;
  /** The credential epoch the whole sign-in ran under. */
  epoch: string;
  /** When the factor that passed was added (a recovery started after it is not cancelled by it). */
  factorAddedAt: Date | null;
}

/**
 * Checks the second factor against the account the token was issued for, then consumes the
 * token (its delete's count decides, so it opens at most one session). A wrong code leaves
 * the token usable until it expires; the wrong codes are what the limit counts. A credential
 * event since the password was checked (a reset, an undo) voids the step: read after the claim.
 */
export async function passSecondStep(
  deps: Deps,
  token: string,
  proof: SecondFactorProof,
  client: Client,
): Promise<SecondStepPassed> {
  const { db, clock } = deps;
  const challenge = await db.orm.signInChallenges
    .where({ tokenHash: hashToken(token) })
    .select('_id', 'userId', 'browser', 'epoch', 'expiresAt')
    .first();
  if (!challenge || challenge.expiresAt <= clock()) throw new AppError('SECOND_STEP_EXPIRED');
  const user = await db.orm.users
    .where({ _id: challenge.userId })
    .select('_id', 'email', 'verified', 'firstSignInAt', 'credentialEpoch')
    .first();
  const epoch = challenge.epoch ?? '';
  if (!user?.verified || (user.credentialEpoch ?? '') !== epoch) throw new AppError('SECOND_STEP_EXPIRED');
  const { factorAddedAt } = await verifySecondFactor(deps, user, proof, client);
  const claimed = await claimOnce(challenge, (_id) => db.orm.signInChallenges.where({ _id }).deleteAndCount(), clock());
  if (!claimed || !(await epochHolds(deps, user._id, epoch))) throw new AppError('SECOND_STEP_EXPIRED');
  return {
    user: { _id: user._id, email: user.email, firstSignInAt: user.firstSignInAt ?? null },
    browser: challenge.browser,
    epoch,
    factorAddedAt,
  };
}
