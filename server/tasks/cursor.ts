import { z } from 'zod';

/*
 * A page's cursor is opaque to the client: where the previous page stopped in the view's
 * order, base64url-encoded. Decoding checks its shape, so a forged cursor is a 400, never a
 * query of anything the caller could not read anyway.
 */
// A list's "<position> <id>", or an assignee order's "<due day or ~> <created ISO time> <id>".
const SORT_KEY = /^[0-9A-Za-z.:~ -]{1,240} [0-9a-f]{24}$/;

export const encodeCursor = (key: string) => Buffer.from(JSON.stringify({ k: key })).toString('base64url');

export function decodeCursor(cursor: string): string {
  return (JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k: string }).k;
}

export const cursorInput = z
  .string()
  .max(400)
  .refine((cursor) => {
    try {
      return SORT_KEY.test(decodeCursor(cursor));
    } catch {
      return false;
    }
  }, 'Not a valid cursor.');
