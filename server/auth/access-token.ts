import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import type { Deps } from '../services';

export interface AccessClaims {
  userId: string;
  organisationId: string;
  email: string;
}

// Pinned: verification accepts this algorithm only, so `alg: none` or an RS/HS confusion is refused.
const ALGORITHM = 'HS256';

const keys = new Map<string, Uint8Array>();
function keyFor(secret: string): Uint8Array {
  let key = keys.get(secret);
  if (!key) {
    key = new TextEncoder().encode(secret);
    keys.set(secret, key);
  }
  return key;
}

/** Signs a short-lived access token for the user. */
export async function issueAccessToken(
  { config, clock }: Pick<Deps, 'config' | 'clock'>,
  claims: AccessClaims,
): Promise<{ accessToken: string; expiresAt: Date }> {
  const now = Math.floor(clock().getTime() / 1000);
  const exp = now + config.ACCESS_TOKEN_TTL;
  const accessToken = await new SignJWT({ org: claims.organisationId, email: claims.email })
    .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
    .setIssuer(config.JWT_ISSUER)
    .setAudience(config.JWT_AUDIENCE)
    .setSubject(claims.userId)
    .setIssuedAt(now)
    .setExpirationTime(exp)
    .setJti(randomUUID())
    .sign(keyFor(config.JWT_SECRET));
  return { accessToken, expiresAt: new Date(exp * 1000) };
}

/** The claims of a valid access token; null for anything malformed, tampered, expired or not ours. */
export async function verifyAccessToken(
  { config, clock }: Pick<Deps, 'config' | 'clock'>,
  token: string,
): Promise<AccessClaims | null> {
  if (token.length > 2048) return null;
  try {
    const { payload } = await jwtVerify(token, keyFor(config.JWT_SECRET), {
      algorithms: [ALGORITHM],
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      currentDate: clock(),
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
    });
    if (typeof payload.sub !== 'string' || typeof payload['org'] !== 'string' || typeof payload['email'] !== 'string') {
      return null;
    }
    return { userId: payload.sub, organisationId: payload['org'], email: payload['email'] };
  } catch {
    return null;
  }
}
