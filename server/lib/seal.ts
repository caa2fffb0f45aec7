import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM under a key derived from DATA_KEY for one purpose, so that each kind of data
 * at rest has its own key. A sealed value is "v1.<iv>.<tag>.<ciphertext>", base64url.
 * During a key rotation, values sealed under the previous key still open (docs/mfa.md).
 */
export interface Sealer {
  seal(plaintext: string): string;
  /** The plaintext, or an error when the value was altered or sealed under neither key. */
  open(sealed: string): string;
  /** The plaintext, and the value sealed again under the current key when it was sealed under the previous one. */
  unseal(sealed: string): { plaintext: string; resealed: string | null };
}

export function createSealer(dataKey: string, purpose: string, previousDataKey?: string): Sealer {
  const derive = (secret: string) => Buffer.from(hkdfSync('sha256', secret, 'tasklane', purpose, 32));
  const key = derive(dataKey);
  const previous = previousDataKey ? derive(previousDataKey) : null;

  const seal = (plaintext: string) => {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv, cipher.getAuthTag(), body]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  };
  const openWith = (withKey: Buffer, sealed: string) => {
    const [version, iv, tag, body] = sealed.split('.');
    if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', withKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  };
  const unseal = (sealed: string) => {
    try {
      return { plaintext: openWith(key, sealed), resealed: null };
    } catch (error) {
      // GCM's tag fails under the wrong key: trying the previous one cannot accept an altered value.
      if (!previous) throw error;
      const plaintext = openWith(previous, sealed);
      return { plaintext, resealed: seal(plaintext) };
    }
  };
  return { seal, unseal, open: (sealed) => unseal(sealed).plaintext };
}
