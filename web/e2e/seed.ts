import { resolve } from 'node:path';

// What `slotlink seed-demo` printed for the server the tests drive (e2e/serve.sh writes it).
export const SEED_FILE = resolve(import.meta.dirname, '..', 'e2e-state', 'seed.txt');
// The same for the server that runs only trusted documents.
export const TRUSTED_SEED_FILE = resolve(import.meta.dirname, '..', 'e2e-state', 'seed-trusted.txt');
