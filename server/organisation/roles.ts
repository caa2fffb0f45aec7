export const ROLES = ['owner', 'admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

export function asRole(value: string): Role {
  return (ROLES as readonly string[]).includes(value) ? (value as Role) : 'member';
}

/** Owners and admins invite, change roles and remove members; only owners touch the owner role. */
export function canManageMembers(role: Role): boolean {
  return role === 'owner' || role === 'admin';
}
