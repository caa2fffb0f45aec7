import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type AuthenticatorTransport,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { addSeconds, claimOnce, hashToken } from '../auth/tokens';
import { AppError } from '../errors';
import { isDuplicateKey } from '../store/db-errors';
import { securityEvent } from '../lib/security-log';
import type { Config } from '../config';
import type { Deps } from '../deps';

const CEREMONY_SECONDS = 5 * 60;

/** What a challenge was issued for: a response answers only a challenge of its own kind and account. */
export type CeremonyPurpose = 'register' | 'sign-in' | 'second-factor';

type PasskeyDeps = Pick<Deps, 'db' | 'clock' | 'config' | 'log'>;

/** Refuses a passkey response; why goes to the security log (the client is told only that it was refused). */
function refused(deps: PasskeyDeps, reason: string, error?: unknown): AppError {
  // The library's own words, without the quoted values (challenges, ids) some of them carry.
  const why = error instanceof Error ? `${reason}: ${error.message.replace(/"[^"]*"/g, '"…"')}` : reason;
  securityEvent(deps.log, 'passkey.refused', { reason: why });
  return new AppError('PASSKEY_REFUSED');
}

/** The relying party is the site APP_URL names: its host is the RP ID, its origin the only one accepted. */
function relyingParty(config: Config) {
  const url = new URL(config.APP_URL);
  return { rpID: url.hostname, origin: url.origin, rpName: 'Tasklane' };
}

const transportsOf = (stored: string) => (stored ? (stored.split(',') as AuthenticatorTransport[]) : []);

async function rememberChallenge(
  { db, clock }: PasskeyDeps,
  challenge: string,
  purpose: CeremonyPurpose,
  userId: string | null,
  epoch: string | null = null,
): Promise<void> {
  await db.orm.webauthnChallenges.create({
    challengeHash: hashToken(challenge),
    purpose,
    userId,
    epoch,
    expiresAt: addSeconds(clock(), CEREMONY_SECONDS),
  });
}

/**
 * The challenge a response answers, claimed once (its delete's count decides): null when it
 * is unknown, used, expired, or was issued for another purpose or account. Claimed before the
 * signature is checked, so a response can be tried once only.
 */
async function claimChallenge(
  { db, clock }: PasskeyDeps,
  clientDataJSON: string,
  purpose: CeremonyPurpose,
  userId: string | null,
  epoch: string | null = null,
): Promise<string | null> {
  let challenge: unknown;
  try {
    challenge = (JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8')) as { challenge?: unknown }).challenge;
  } catch {
    return null;
  }
  if (typeof challenge !== 'string' || challenge.length > 256) return null;
  const found = await db.orm.webauthnChallenges
    .where({ challengeHash: hashToken(challenge) })
    .select('_id', 'purpose', 'userId', 'epoch', 'expiresAt')
    .first();
  if (!found || found.purpose !== purpose || (found.userId ?? null) !== userId || (found.epoch ?? null) !== epoch) return null;
  const claimed = await claimOnce(found, (_id) => db.orm.webauthnChallenges.where({ _id }).deleteAndCount(), clock());
  return claimed ? challenge : null;
}

/** Options for adding a passkey to the account: a discoverable credential, verified by the device (PIN, biometrics). */
export async function passkeyCreationOptions(
  deps: PasskeyDeps,
  user: { _id: string; email: string },
  epoch: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { rpID, rpName } = relyingParty(deps.config);
  const existing = await deps.db.orm.passkeys.where({ userId: user._id }).select('credentialId', 'transports').all();
  const options = await generateRegistrationOptions({
    rpName,
    rpID,
    userName: user.email,
    userID: Buffer.from(user._id, 'hex'),
    attestationType: 'none',
    excludeCredentials: existing.map((p) => ({ id: p.credentialId, transports: transportsOf(p.transports) })),
    authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
  });
  await rememberChallenge(deps, options.challenge, 'register', user._id, epoch);
  return options;
}

/**
 * Checks a new passkey's attestation against its challenge, which must have been issued under
 * credential epoch `epoch` (a credential event since voids the setup), and stores its public key.
 */
export async function savePasskey(
  deps: PasskeyDeps,
  userId: string,
  name: string,
  response: RegistrationResponseJSON,
  epoch: string,
): Promise<{ id: string }> {
  const { db, clock, config } = deps;
  const challenge = await claimChallenge(deps, response.response.clientDataJSON, 'register', userId, epoch);
  if (!challenge) throw refused(deps, 'unknown, used or expired registration challenge');
  const { rpID, origin } = relyingParty(config);
  let verification;
  try {
    verification = await verifyRegistrationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      requireUserVerification: true,
    });
  } catch (error) {
    throw refused(deps, 'registration not verified', error);
  }
  if (!verification.verified || !verification.registrationInfo) throw refused(deps, 'registration not verified');
  const { credential } = verification.registrationInfo;
  const saved = await db.orm.passkeys
    .create({
      credentialId: credential.id,
      userId,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      transports: (credential.transports ?? []).join(','),
      name,
      createdAt: clock(),
      lastUsedAt: null,
    })
    .catch((error: unknown) => {
      if (isDuplicateKey(error)) throw refused(deps, 'credential already registered');
      throw error;
    });
  return { id: saved._id };
}

/**
 * Options for proving a passkey: any passkey of the site (a passkey sign-in, where the passkey
 * names its account), or one of this account's (a second step or a step-up).
 */
export async function passkeyRequestOptions(
  deps: PasskeyDeps,
  purpose: Exclude<CeremonyPurpose, 'register'>,
  userId: string | null,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  const { rpID } = relyingParty(deps.config);
  const mine = userId ? await deps.db.orm.passkeys.where({ userId }).select('credentialId', 'transports').all() : [];
  const options = await generateAuthenticationOptions({
    rpID,
    userVerification: 'required',
    allowCredentials: mine.map((p) => ({ id: p.credentialId, transports: transportsOf(p.transports) })),
  });
  await rememberChallenge(deps, options.challenge, purpose, userId);
  return options;
}

/**
 * Checks a passkey's signature over its challenge (claimed once), that the passkey belongs to
 * the account expected (if one is), that the device verified its user, and that the signature
 * counter grew (SimpleWebAuthn refuses one that did not: a cloned authenticator). Records the
 * new counter. Returns the account.
 */
export async function verifyPasskey(
  deps: PasskeyDeps,
  response: AuthenticationResponseJSON,
  purpose: Exclude<CeremonyPurpose, 'register'>,
  userId: string | null,
): Promise<{ userId: string; name: string; createdAt: Date }> {
  const { db, clock, config } = deps;
  const challenge = await claimChallenge(deps, response.response.clientDataJSON, purpose, userId);
  if (!challenge) throw refused(deps, `unknown, used or expired ${purpose} challenge`);
  const passkey = await db.orm.passkeys
    .where({ credentialId: response.id })
    .select('_id', 'credentialId', 'userId', 'publicKey', 'counter', 'transports', 'name', 'createdAt')
    .first();
  if (!passkey) throw refused(deps, 'unknown passkey');
  if (userId !== null && passkey.userId !== userId) throw refused(deps, "another account's passkey");
  const handle = response.response.userHandle;
  if (handle && Buffer.from(handle, 'base64url').toString('hex') !== passkey.userId) throw refused(deps, 'user handle mismatch');
  const { rpID, origin } = relyingParty(config);
  let verification;
  try {
    verification = await verifyAuthenticationResponse({
      response,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: passkey.credentialId,
        publicKey: Buffer.from(passkey.publicKey, 'base64url'),
        counter: passkey.counter,
        transports: transportsOf(passkey.transports),
      },
      requireUserVerification: true,
    });
  } catch (error) {
    throw refused(deps, 'signature not verified', error);
  }
  if (!verification.verified) throw refused(deps, 'signature not verified');
  await db.orm.passkeys
    .where({ _id: passkey._id })
    .update({ counter: verification.authenticationInfo.newCounter, lastUsedAt: clock() });
  return { userId: passkey.userId, name: passkey.name, createdAt: passkey.createdAt };
}

export interface PasskeyView {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
}

export async function passkeysOf({ db }: Pick<Deps, 'db'>, userId: string): Promise<PasskeyView[]> {
  const rows = await db.orm.passkeys.where({ userId }).select('_id', 'name', 'createdAt', 'lastUsedAt').all();
  return rows
    .map((row) => ({ id: row._id, name: row.name, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt ?? null }))
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
}

/** One of the account's passkeys, or NOT_FOUND (another account's is not found either). */
export async function ownPasskey({ db }: Pick<Deps, 'db'>, userId: string, id: string): Promise<{ _id: string; name: string }> {
  const row = await db.orm.passkeys.where({ _id: id }).select('_id', 'userId', 'name').first();
  if (!row || row.userId !== userId) throw new AppError('NOT_FOUND');
  return row;
}
