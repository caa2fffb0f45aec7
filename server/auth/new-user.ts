/** The user document of an address that has not chosen a password yet (a sign-up, an invitation). */
export function unverifiedUser(email: string) {
  return {
    email,
    name: null, // asked when the first password is set
    passwordHash: null,
    verified: false,
    firstSignInAt: null,
    secondFactor: null,
    // No credential event yet, and the address it starts with is its whole chain (docs/account.md).
    credentialEpoch: null,
    addresses: null,
    notifyMentions: null, // task emails on until the person turns them off
    notifyAssignments: null,
  };
}
