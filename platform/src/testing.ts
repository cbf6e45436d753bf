// Test databases: a fresh in-memory PGlite by default, or a fresh PostgreSQL database on the
// server named by TEST_DATABASE_URL (dropped afterwards), so every test file starts clean.
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import type { DatabaseOptions } from './db';

export interface TestDatabase {
  options: DatabaseOptions;
  drop(): Promise<void>;
}

export function testDatabaseKind(): 'postgres' | 'pglite' {
  return process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
}

/** A new, empty database; on PostgreSQL, optionally a copy of `template`. */
export async function createTestDatabase(label: string, template?: string): Promise<TestDatabase> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) return { options: { kind: 'pglite' }, drop: async () => {} };
  const name = `snn_t_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}"${template ? ` template "${template}"` : ''}`);
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    options: { kind: 'postgres', url: url.toString(), max: 5 },
    drop: async () => {
      const a = postgres(adminUrl, { max: 1, onnotice: () => {} });
      try {
        await a.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await a.end();
      }
    },
  };
}

