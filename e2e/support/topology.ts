import { PORTS } from '../../scripts/lib/topology.mjs';

/** The end-to-end journeys' two app instances and their inbox (scripts/lib/topology.ts has the ports). */
export const APP = `http://localhost:${PORTS.e2eApp}`;
export const FAST_APP = `http://localhost:${PORTS.e2eFastApp}`;
export const MAIL_HTTP = `http://127.0.0.1:${PORTS.mailHttp}`;
