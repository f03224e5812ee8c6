// The two servers the browser tests drive (the usual one, and one that runs only trusted
// documents) and the CalDAV server the calendar screen connects to.
export const PORT = Number(process.env.E2E_PORT ?? 18765);
export const TRUSTED_PORT = PORT + 1;
export const CALDAV_PORT = PORT + 2;
