// The two servers the browser tests drive: the usual one, and one that runs only trusted
// documents.
export const PORT = Number(process.env.E2E_PORT ?? 18765);
export const TRUSTED_PORT = PORT + 1;
