import { z } from 'zod';

// The last event the client applied (tRPC's tracked id, sent again when it reconnects).
export const liveEventsInput = z
  .object({
    lastEventId: z
      .string()
      .regex(/^\d{1,15}$/, 'Not an event id.')
      .optional(),
  })
  .default({});
