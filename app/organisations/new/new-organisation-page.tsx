'use client';
import { NewOrganisationForm } from '../../_components/new-organisation-form';
import { SignedIn } from '../../_components/signed-in';

export function NewOrganisationPage() {
  return (
    <SignedIn organisation={false}>
      {() => (
        <main className="page stack">
          <section className="panel stack" aria-labelledby="new-organisation-heading">
            <h1 id="new-organisation-heading">New organisation</h1>
            <p className="muted">You will be its owner. Invite people to it from its Members page.</p>
            <NewOrganisationForm />
          </section>
        </main>
      )}
    </SignedIn>
  );
}
