/** Who made a request, as far as the services need to know (limits, session records, logs). */
export interface Client {
  ip: string;
  userAgent: string | null;
}
