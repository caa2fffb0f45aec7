import Link from 'next/link';

export function Brand() {
  return (
    <Link href="/" className="brand" aria-label="Tasklane home">
      <span className="brand-mark" aria-hidden="true">
        ✓
      </span>
      Tasklane
    </Link>
  );
}
