import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { encodeCBOR, type CBORType } from '@levischuck/tiny-cbor';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/server';

interface Credential {
  id: string;
  rawId: string;
  type: 'public-key';
  clientExtensionResults: Record<string, unknown>;
}
/** What the browser sends after creating a passkey (as the API's input takes it). */
export interface Registration extends Credential {
  response: { clientDataJSON: string; attestationObject: string; transports: string[] };
}
/** What the browser sends after using one. */
export interface Assertion extends Credential {
  response: { clientDataJSON: string; authenticatorData: string; signature: string; userHandle: string };
}

// A passkey held in memory: an ES256 key with "none" attestation, answering the server's real
// options with what a browser's authenticator would send. For tests that need a passkey outside
// Chromium (the model-based recovery test); the journeys in e2e/ use Chromium's virtual one.

const b64url = (bytes: Uint8Array | Buffer) => Buffer.from(bytes).toString('base64url');
const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest();

export interface SoftPasskey {
  /** Answers creation options: the registration response to send with the passkey's name. */
  register(options: PublicKeyCredentialCreationOptionsJSON): Registration;
  /** Answers request options (a sign-in, a second step or a step-up). */
  assert(options: PublicKeyCredentialRequestOptionsJSON): Assertion;
}

export function softPasskey(origin: string): SoftPasskey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const credentialId = randomBytes(16);
  let userHandle = '';
  const credential: Credential = {
    id: b64url(credentialId),
    rawId: b64url(credentialId),
    type: 'public-key',
    clientExtensionResults: {},
  };
  let counter = 0;
  const rpIdHash = sha256(new URL(origin).hostname);
  const clientData = (type: string, challenge: string) =>
    Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
  const authData = (flags: number, extra: Uint8Array = new Uint8Array()) => {
    const count = Buffer.alloc(4);
    count.writeUInt32BE(++counter);
    return Buffer.concat([rpIdHash, Buffer.from([flags]), count, extra]);
  };

  return {
    register(options) {
      userHandle = options.user.id;
      const credentialLength = Buffer.alloc(2);
      credentialLength.writeUInt16BE(credentialId.length);
      const attested = Buffer.concat([Buffer.alloc(16), credentialLength, credentialId, coseKey(publicKey)]);
      // User present, user verified, attested credential data included.
      const attestationObject = encodeCBOR(
        new Map<string, CBORType>([
          ['fmt', 'none'],
          ['attStmt', new Map<string, CBORType>()],
          ['authData', authData(0x45, attested)],
        ]),
      );
      return {
        ...credential,
        response: {
          clientDataJSON: b64url(clientData('webauthn.create', options.challenge)),
          attestationObject: b64url(attestationObject),
          transports: ['internal'],
        },
      };
    },
    assert(options) {
      const data = authData(0x05);
      const json = clientData('webauthn.get', options.challenge);
      const signature = sign('sha256', Buffer.concat([data, sha256(json)]), privateKey as KeyObject);
      return {
        ...credential,
        response: {
          clientDataJSON: b64url(json),
          authenticatorData: b64url(data),
          signature: b64url(signature),
          userHandle,
        },
      };
    },
  };
}

/** The public key as COSE_Key (RFC 9053): EC2, ES256, P-256. */
function coseKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: 'jwk' });
  return encodeCBOR(
    new Map<number, CBORType>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(jwk.x!, 'base64url')],
      [-3, Buffer.from(jwk.y!, 'base64url')],
    ]),
  );
}
