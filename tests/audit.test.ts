// The audit trail of personal data: who read which personal field of which objects, when and under
// which scope; append-only; tamper-evident; and no answer without its audit row.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, rowsOf, verifyAuditChain } from '@snn/platform';
import { bearer } from '@snn/platform/testing';
import { bootFederation, type Federation } from './helpers/federation';

let fed: Federation;
beforeAll(async () => {
  fed = await bootFederation();
});
afterAll(async () => {
  await fed?.stop();
});

const educationDb = () => fed.subgraphs.education.database.db;
const auditRows = (db = educationDb()) => db.select().from(auditLog).orderBy(auditLog.id);

describe('audit log of personal data', () => {
  it('records a read of a *:pii field: caller, scope, field, object ids, operation — not the values', async () => {
    const token = await bearer('education');
    const before = (await auditRows()).length;
    const res = await fed.query('query RosterCheck { citizens(first: 3) { nodes { id birthDate } } }', {}, undefined, token);
    expect(res.errors).toBeUndefined();
    const ids = res.data.citizens.nodes.map((n: any) => n.id).sort();
    const rows = (await auditRows()).slice(before);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ sub: 'snn-dev:education', org: null, action: 'READ', field: 'Citizen.birthDate', scopes: ['citizen:pii'], objectIds: ids });
    // The operation as the subgraph received it: the gateway suffixes the caller's name per fetch.
    expect(rows[0]!.operation).toMatch(/^RosterCheck__education__\d+$/);
    expect(rows[0]!.jti).toMatch(/^[0-9a-f-]{36}$/);
    const written = JSON.stringify(rows);
    for (const n of res.data.citizens.nodes) expect(written).not.toContain(n.birthDate);
    expect(written).not.toContain(token.split('.')[2]);
  });

  it('writes nothing for reads that touch no personal field', async () => {
    const before = (await auditRows()).length;
    await fed.query('{ cohorts(first: 5) { nodes { name } } citizens(first: 5) { nodes { id } } }', {}, undefined, await bearer('education'));
    expect(await auditRows()).toHaveLength(before);
  });

  it('records reserve:pii reads in the armed-forces database', async () => {
    const db = fed.subgraphs['armed-forces'].database.db;
    const before = (await auditRows(db)).length;
    const res = await fed.query('{ reservists(first: 2) { nodes { id clearance } } }', {}, undefined, await bearer('armed-forces'));
    expect(res.errors).toBeUndefined();
    const rows = (await auditRows(db)).slice(before);
    expect(rows.map((r) => [r.field, r.scopes, r.objectIds.length])).toEqual([['Reservist.clearance', ['reserve:pii'], 2]]);
  });

  it('is append-only: UPDATE, DELETE and TRUNCATE are refused', async () => {
    for (const statement of ["update audit_log set sub = 'x'", 'delete from audit_log', 'truncate audit_log']) {
      const error = await educationDb()
        .execute(sql.raw(statement))
        .then(
          () => null,
          (e: Error & { cause?: Error }) => e,
        );
      expect(error?.cause?.message ?? error?.message, statement).toMatch(/append-only/);
    }
  });

  it('verifies its hash chain and names the first row that was altered', async () => {
    expect((await verifyAuditChain(educationDb())).firstBrokenId).toBeNull();
    const rows = await auditRows();
    expect(rows.length).toBeGreaterThanOrEqual(1);
    // Someone with table ownership turns the trigger off and rewrites history.
    const target = rows[0]!.id;
    await educationDb().execute(sql`alter table audit_log disable trigger audit_log_no_change`);
    await educationDb().execute(sql`update audit_log set sub = 'someone-else' where id = ${target}`);
    await educationDb().execute(sql`alter table audit_log enable trigger audit_log_no_change`);
    expect(await verifyAuditChain(educationDb())).toEqual({ rows: rows.length, firstBrokenId: target });
  });

  it('fails closed: without its audit row, personal data is not answered', async () => {
    await educationDb().execute(sql`drop table audit_log`);
    const query = '{ citizens(first: 1) { nodes { birthDate } } }';
    const token = await bearer('education');
    const direct = await fed.query(query, {}, fed.subgraphs.education.url, token);
    expect(direct.data ?? null).toBeNull();
    expect(direct.errors?.[0]?.extensions.code).toBe('SERVICE_UNAVAILABLE');
    const viaGateway = await fed.query(query, {}, undefined, token);
    expect(viaGateway.data?.citizens ?? null).toBeNull();
    expect(viaGateway.errors?.[0]?.extensions.code).toBe('SERVICE_UNAVAILABLE');
    const tables = await rowsOf<{ n: number }>(educationDb(), sql`select count(*)::int as n from pg_tables where tablename = 'audit_log'`);
    expect(tables[0]!.n).toBe(0);
  });
});
