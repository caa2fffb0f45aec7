import Link from 'next/link';

/** What a person sees for a link that is missing, expired or already used. */
export function LinkProblem({ title, body, action }: { title: string; body: string; action: { href: string; label: string } }) {
  return (
    <div className="stack">
      <h1>{title}</h1>
      <p>{body}</p>
      <Link href={action.href} className="button button-primary">
        {action.label}
      </Link>
      <p className="card-footer">
        Already set a password? <Link href="/sign-in">Sign in</Link>
      </p>
    </div>
  );
}

export function Pending({ label }: { label: string }) {
  return (
    <div className="center-note" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}
