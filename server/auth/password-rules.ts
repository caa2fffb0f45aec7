// Shared by the server's input schema and the browser's form (no imports: safe in a client bundle).
export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_BYTES = 72;
