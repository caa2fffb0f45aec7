import type { Metadata } from 'next';
import { NewOrganisationPage } from './new-organisation-page';

export const metadata: Metadata = { title: 'New organisation' };

export default function NewOrganisation() {
  return <NewOrganisationPage />;
}
