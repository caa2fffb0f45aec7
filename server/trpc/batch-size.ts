// Shared by the server's tRPC handler and the browser's batch link (no imports: safe in a
// client bundle). Ten calls cover the app's own batches (a page issues a handful at once); the
// cap keeps one request from fanning out into hundreds of database round trips.
export const MAX_BATCH_SIZE = 10;
