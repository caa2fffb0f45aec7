import { createHash, randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT, type JWTHeaderParameters } from 'jose';
import type { Deps } from '../deps';

/**
 * Who is calling, and from which session. No organisation: a person may belong to several,
 * and each tab names the one it works in with every call (docs/organisations.md).
 */
export interface AccessClaims {
  userId: string;
  email: string;
  /** The session (refresh family) the token was issued for: revoking it ends the token. */
  sessionId: string;
}

// Pinned: verification accepts this algorithm only, so `alg: none` or an RS/HS confusion is refused.
const ALGORITHM = 'HS256';

interface SigningKey {
  kid: string;
  key: Uint8Array;
}

const keys = new Map<string, SigningKey>();
/** A secret's key and its id: a short digest, so the id names the key without revealing it. */
function keyFor(secret: string): SigningKey {
  let found = keys.get(secret);
  if (!found) {
    found = {
      kid: createHash('sha256').update(`tasklane-kid:${secret}`).digest('base64url').slice(0, 12),
      key: new TextEncoder().encode(secret),
    };
    keys.set(secret, found);
  }
  return found;
}

type TokenDeps = Pick<Deps, 'config' | 'clock'>;

/** Signs a short-lived access token for the user's session with the current secret. */
export async function issueAccessToken(
  { config, clock }: TokenDeps,
  claims: AccessClaims,
): Promise<{ accessToken: string; expiresAt: Date }> {
  const now = Math.floor(clock().getTime() / 1000);
  const exp = now + config.ACCESS_TOKEN_TTL;
  const { kid, key } = keyFor(config.JWT_SECRET);
  const accessToken = await new SignJWT({ email: claims.email, sid: claims.sessionId })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT', kid })
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setSubject(claims.userId)
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(key);
  return { accessToken, expiresAt: new Date(exp * 1000) };
}

/** The key a token names: the current secret's, or during a rotation the previous one's. */
function verificationKey({ config }: Pick<Deps, 'config'>, header: JWTHeaderParameters): Uint8Array {
  for (const secret of [config.JWT_SECRET, config.JWT_SECRET_PREVIOUS]) {
    if (secret && keyFor(secret).kid === header.kid) return keyFor(secret).key;
  }
  throw new Error('unknown key id');
}

/**
 * The claims of a valid access token; null for anything malformed, tampered, expired or not
 * ours. This checks the signature only: whether the session is still live is the caller's
 * question (server/auth/sessions.ts, assertSessionLive).
 */
export async function verifyAccessToken(deps: TokenDeps, token: string): Promise<AccessClaims | null> {
  if (token.length > 2048) return null;
  try {
    const { payload } = await jwtVerify(token, (header) => verificationKey(deps, header), {
      algorithms: [ALGORITHM],
      issuer: deps.config.JWT_ISSUER,
      audience: deps.config.JWT_AUDIENCE,
      currentDate: deps.clock(),
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
    });
    const { sub, email, sid } = payload;
    if (typeof sub !== 'string' || typeof email !== 'string' || typeof sid !== 'string') return null;
    return { userId: sub, email, sessionId: sid };
  } catch {
    return null;
  }
}
