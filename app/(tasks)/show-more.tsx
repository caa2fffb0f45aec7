'use client';

/** What "Show more" needs of an infinite query's result. */
export interface PagedMore {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  fetchNextPage: () => unknown;
}

/** The next page of a paged view, while there is one. */
export function ShowMore({ query }: { query: PagedMore }) {
  if (!query.hasNextPage) return null;
  return (
    <button
      type="button"
      className="button button-secondary"
      onClick={() => query.fetchNextPage()}
      disabled={query.isFetchingNextPage}
    >
      {query.isFetchingNextPage ? 'Loading…' : 'Show more'}
    </button>
  );
}
