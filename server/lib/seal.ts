import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM under a key derived from DATA_KEY for one purpose, so that each kind of data
 * at rest has its own key. A sealed value is "v1.<iv>.<tag>.<ciphertext>", base64url.
 */
export interface Sealer {
  seal(plaintext: string): string;
  /** The plaintext, or an error when the value was altered or sealed under another key. */
  open(sealed: string): string;
}

export function createSealer(dataKey: string, purpose: string): Sealer {
  const key = Buffer.from(hkdfSync('sha256', dataKey, 'tasklane', purpose, 32));
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body]
        .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
        .join('.');
    },
    open(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('not a sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
