import { describe, expect, it } from 'vitest';
import { readUnsubscribeToken, unsubscribeToken } from './unsubscribe-link';

const config = { DATA_KEY: 'k'.repeat(40), DATA_KEY_PREVIOUS: undefined };
const userId = 'a'.repeat(24);

describe('unsubscribe links', () => {
  it('name the person and the kind they were signed for', () => {
    expect(readUnsubscribeToken(config, unsubscribeToken(config, userId, 'mentions'))).toEqual({ userId, kind: 'mentions' });
  });

  it('cannot be turned to another person or another kind', () => {
    const [, , mac] = unsubscribeToken(config, userId, 'mentions').split('.');
    expect(readUnsubscribeToken(config, `${'b'.repeat(24)}.mentions.${mac}`)).toBeNull();
    expect(readUnsubscribeToken(config, `${userId}.assignments.${mac}`)).toBeNull();
    expect(readUnsubscribeToken(config, `${userId}.mentions.`)).toBeNull();
    expect(readUnsubscribeToken(config, 'nonsense')).toBeNull();
  });

  it('signed under another key are refused, under the previous key during a rotation accepted', () => {
    const old = unsubscribeToken({ DATA_KEY: 'o'.repeat(40) }, userId, 'assignments');
    expect(readUnsubscribeToken(config, old)).toBeNull();
    expect(readUnsubscribeToken({ ...config, DATA_KEY_PREVIOUS: 'o'.repeat(40) }, old)).toEqual({ userId, kind: 'assignments' });
  });
});
