import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../support/harness';
import { asSession } from '../support/as-session';
import { fieldErrors, member, verificationToken } from '../support/calls';
import { PASSWORD, personIp } from '../support/flows';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

describe('display names', () => {
  it('are asked with the first password, tidied, and shown to the team; without one, the email’s local part shows', async () => {
    const email = 'ada.l@names.example';
    const anonymous = await h.caller(undefined, { ip: personIp(email)['x-forwarded-for'] });
    const { passwordToken } = await anonymous.auth.verifyEmail({ token: await verificationToken(h, email) });
    const session = asSession(
      await anonymous.auth.setPassword({
        token: passwordToken,
        password: PASSWORD,
        name: '  Ada \t Lovelace ',
        delivery: 'body',
      }),
    );
    const ada = await h.caller(session.accessToken, { ip: personIp(email)['x-forwarded-for'] });
    expect((await ada.auth.me()).user.name).toBe('Ada Lovelace');

    const plain = await member(h, 'grace.h@names.example');
    expect((await plain.api.auth.me()).user.name).toBe('grace.h');
    expect((await plain.api.organisation.members()).members.map((m) => [m.name, m.email])).toEqual([
      ['grace.h', 'grace.h@names.example'],
    ]);
    expect((await ada.account.exportData()).profile.name).toBe('Ada Lovelace');
    expect((await plain.api.account.exportData()).profile.name).toBeNull();
  });

  it('are changed on the account page, and a bad one is a field error', async () => {
    const person = await member(h, 'renamer@names.example');
    expect(await fieldErrors(person.api.account.setName({ name: '   ' }))).toEqual({ name: 'Enter the name others will see.' });
    expect(await fieldErrors(person.api.account.setName({ name: 'x'.repeat(61) }))).toEqual({
      name: 'Use at most 60 characters.',
    });
    expect(await fieldErrors(person.api.account.setName({ name: 'Eve\u202egnp.exe' }))).toEqual({
      name: 'Use letters, digits and punctuation only.',
    });
    await person.api.account.setName({ name: 'Renée Müller' });
    expect((await person.api.auth.me()).user.name).toBe('Renée Müller');
    // The team sees the new name at once.
    expect((await person.api.organisation.members()).members[0]!.name).toBe('Renée Müller');
  });
});
