import { z } from 'zod';
import { emailInput, passwordInput, tokenInput } from '../auth/inputs';
import { stepUpFields } from '../mfa/inputs';
import { idInput } from '../tasks/inputs';
import { ROLES } from './roles';
import { TIME_ZONES } from './time-zone';

const role = z.enum(ROLES, { error: 'Choose owner, admin or member.' });

export const inviteMemberInput = z.object({
  email: emailInput,
  role: z.enum(['admin', 'member'], { error: 'Choose admin or member.' }),
});
export const revokeInvitationInput = z.object({ id: idInput });
// Organisation-level power asks what the account's sensitive changes ask (server/organisation/step-up.ts).
const reauth = { password: passwordInput, ...stepUpFields };
const reauthWhenAsked = { password: passwordInput.optional(), ...stepUpFields };

/** Making someone an owner needs the password (`reauthWhenAsked`); other roles do not. */
export const changeRoleInput = z.object({ userId: idInput, role, ...reauthWhenAsked });
export const removeMemberInput = z.object({ userId: idInput });
export const acceptInvitationInput = z.object({ token: tokenInput });
export const organisationNameInput = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(80, 'Use at most 80 characters.');
export const createOrganisationInput = z.object({ name: organisationNameInput });
export const renameOrganisationInput = z.object({ name: organisationNameInput });
export const transferOwnershipInput = z.object({ userId: idInput, ...reauth });
export const deleteOrganisationInput = z.object({
  confirmation: z.string({ error: 'Type the organisation’s name to confirm.' }).max(200, 'That is not the name.'),
  ...reauth,
});
/** Turning the policy off needs the password; turning it on does not. */
export const secondFactorPolicyInput = z.object({ required: z.boolean(), ...reauthWhenAsked });

export const timeZoneInput = z.object({
  timeZone: z
    .string()
    .max(100)
    .refine((zone) => TIME_ZONES.has(zone), 'Choose a time zone from the list.'),
});
