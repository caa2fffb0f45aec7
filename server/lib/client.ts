/** Who made a request, as far as the services need to know (limits, session records, logs). */
export interface Client {
  ip: string;
  userAgent: string | null;
  /** The browser's device cookie (the new-device notice), when it sent one. */
  device?: string | null;
}
