import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    api: string;
    adminKey: string;
  }
}

const ROOT = resolve(import.meta.dirname, '..', '..');

async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  probe.close();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function ready(base: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((wake) => setTimeout(wake, 100));
  }
  throw new Error(`${base} never became ready`);
}

/** A real Slotlink server on a fresh SQLite file, migrated and seeded with the demo
 * organization, for every client test. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const slotlink = process.env.SLOTLINK ?? join(ROOT, '.venv', 'bin', 'slotlink');
  const directory = mkdtempSync(join(tmpdir(), 'slotlink-clients-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    ...process.env,
    DATABASE_URL: `sqlite://${directory}/clients.db`,
    SLOTLINK_ENV: 'development',
    SLOTLINK_PUBLIC_URL: base,
  };
  execFileSync(slotlink, ['migrate'], { env, cwd: ROOT, stdio: 'ignore' });
  const seeded = execFileSync(slotlink, ['seed-demo'], { env, cwd: ROOT, encoding: 'utf8' });
  const key = /API key \(shown once\): (sl_\S+)/.exec(seeded)?.[1];
  if (key === undefined) throw new Error(`no API key in: ${seeded}`);
  const server = spawn(
    slotlink,
    ['serve', '--host', '127.0.0.1', '--port', String(port), '--log-level', 'warning'],
    { env, cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] },
  );
  await ready(base);
  project.provide('api', `${base}/graphql`);
  project.provide('adminKey', key);
  return async () => {
    server.kill('SIGTERM');
    await once(server, 'exit');
    rmSync(directory, { recursive: true, force: true });
  };
}
