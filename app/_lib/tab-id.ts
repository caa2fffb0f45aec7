'use client';

/**
 * This tab's own random id, sent with its calls (x-tab-id) and named in the live events its
 * changes cause: the tab already reads again what it changed, so it skips those events.
 */
export const TAB_ID = typeof crypto !== 'undefined' && 'randomUUID' in crypto ? crypto.randomUUID() : null;
