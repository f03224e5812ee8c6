import { resolve } from 'node:path';
import { PORT, TRUSTED_PORT } from './ports';

// What `slotlink seed-demo` printed for the server the tests drive (e2e/serve.sh writes it,
// named by the server's port, so that two runs on other ports do not mix their keys).
export const SEED_FILE = resolve(import.meta.dirname, '..', 'e2e-state', `seed-${PORT}.txt`);
// The same for the server that runs only trusted documents.
export const TRUSTED_SEED_FILE = resolve(import.meta.dirname, '..', 'e2e-state', `seed-${TRUSTED_PORT}.txt`);
