import { z } from 'zod';
import { emailInput, tokenInput } from '../auth/inputs';
import { idInput } from '../tasks/inputs';
import { ROLES } from './roles';

const role = z.enum(ROLES, { error: 'Choose owner, admin or member.' });

export const inviteMemberInput = z.object({
  email: emailInput,
  role: z.enum(['admin', 'member'], { error: 'Choose admin or member.' }),
});
export const revokeInvitationInput = z.object({ id: idInput });
export const changeRoleInput = z.object({ userId: idInput, role });
export const removeMemberInput = z.object({ userId: idInput });
export const acceptInvitationInput = z.object({ token: tokenInput });
export const organisationNameInput = z
  .string({ error: 'Enter a name.' })
  .trim()
  .min(1, 'Enter a name.')
  .max(80, 'Use at most 80 characters.');
export const createOrganisationInput = z.object({ name: organisationNameInput });
export const renameOrganisationInput = z.object({ name: organisationNameInput });
export const transferOwnershipInput = z.object({ userId: idInput });
export const deleteOrganisationInput = z.object({
  confirmation: z.string({ error: 'Type the organisation’s name to confirm.' }).max(200, 'That is not the name.'),
});
