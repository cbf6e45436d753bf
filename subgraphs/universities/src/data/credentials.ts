// Portable credit records: a citizen's awards from one university as a W3C Verifiable Credential
// shaped after the European Learning Model (learning achievements, awarding body with its UAI, ECTS
// credit points, grade, issuance date, the citizen's pseudonymous id), signed by the university as a
// VC-JWT (ES256, jose). Its public keys are published at GET /universities/<uai>/jwks.json; anyone
// can check a signature offline, and verifyCredential also says whether an award was revoked since.
import { randomUUID } from 'node:crypto';
import { and, asc, eq, ne } from 'drizzle-orm';
import { calculateJwkThumbprint, decodeProtectedHeader, errors, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT, type JWK } from 'jose';
import { anyOf, type Db } from '@snn/platform';
import type { CreditAwardRow } from './credits';
import { gradeLabel } from './grades';
import { creditAwards, modules, signingKeys, universities } from './tables';

const ALG = 'ES256';
const VC_CONTEXT = ['https://www.w3.org/2018/credentials/v1', 'http://data.europa.eu/snb/model/context/edc-ap'];

export const issuerOf = (uai: string) => `urn:uai:${uai}`;
const uaiOfIssuer = (iss: unknown) => (typeof iss === 'string' && /^urn:uai:\d{7}[A-Z]$/.test(iss) ? iss.slice(8) : null);
const awardUrn = (id: string) => `urn:snn:credit-award:${id}`;

/** The university's signing key, made on first use (one per university; rotation adds a row). */
async function signingKeyOf(db: Db, universityId: string): Promise<{ kid: string; privateJwk: JWK }> {
  const [key] = await db.select().from(signingKeys).where(eq(signingKeys.universityId, universityId)).orderBy(asc(signingKeys.createdAt)).limit(1);
  if (key) return { kid: key.kid, privateJwk: JSON.parse(key.privateJwk) as JWK };
  const { publicKey, privateKey } = await generateKeyPair(ALG, { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const kid = `${universityId}-${await calculateJwkThumbprint(publicJwk)}`;
  const privateJwk = await exportJWK(privateKey);
  await db
    .insert(signingKeys)
    .values({ kid, universityId, publicJwk: JSON.stringify({ ...publicJwk, kid, alg: ALG, use: 'sig' }), privateJwk: JSON.stringify(privateJwk) })
    .onConflictDoNothing();
  // Two first credentials at once: both read back the one key that was kept.
  return signingKeyOf(db, universityId);
}

/** The university's public keys as a JWK Set; null when it is not a partner university. */
export async function jwksOf(db: Db, universityId: string): Promise<{ keys: JWK[] } | null> {
  const [known] = await db.select({ id: universities.id }).from(universities).where(eq(universities.id, universityId));
  if (!known) return null;
  const rows = await db
    .select({ jwk: signingKeys.publicJwk })
    .from(signingKeys)
    .where(eq(signingKeys.universityId, universityId))
    .orderBy(asc(signingKeys.createdAt));
  return { keys: rows.map((r) => JSON.parse(r.jwk) as JWK) };
}

export interface IssuedCredential {
  jwt: string;
  keyId: string;
  issuedAt: Date;
  awards: CreditAwardRow[];
}

/** Signs the citizen's standing awards (PROVISIONAL and FINAL) from the university; null when there are none. */
export async function issueCredential(db: Db, citizenId: string, universityId: string): Promise<IssuedCredential | null> {
  const rows = await db
    .select({ award: creditAwards, module: modules, university: universities })
    .from(creditAwards)
    .innerJoin(modules, eq(modules.code, creditAwards.moduleCode))
    .innerJoin(universities, eq(universities.id, creditAwards.universityId))
    .where(and(eq(creditAwards.citizenId, citizenId), eq(creditAwards.universityId, universityId), ne(creditAwards.status, 'REVOKED')))
    .orderBy(asc(creditAwards.awardedOn), asc(creditAwards.id));
  const first = rows[0];
  if (!first) return null;
  const issuedAt = new Date();
  const issuer = {
    id: issuerOf(universityId),
    type: 'Organisation',
    legalName: first.university.name,
    identifier: { notation: universityId, schemeName: 'UAI' },
  };
  const subject = `urn:snn:citizen:${citizenId}`;
  const vc = {
    '@context': VC_CONTEXT,
    type: ['VerifiableCredential', 'EuropeanDigitalCredential'],
    issuer,
    issuanceDate: issuedAt.toISOString(),
    credentialSubject: {
      id: subject,
      hasClaim: rows.map(({ award, module }) => ({
        id: awardUrn(award.id),
        type: 'LearningAchievement',
        title: module.title,
        specifiedBy: {
          id: `urn:snn:module:${module.code}`,
          type: 'LearningAchievementSpecification',
          title: module.title,
          creditPoint: { framework: 'ECTS', point: award.ectsCredits },
          volumeOfLearning: `PT${module.hours}H`,
          language: module.language,
        },
        wasAwardedBy: { awardingBody: issuer.id, awardingDate: award.awardedOn },
        wasDerivedFrom: { type: 'LearningAssessment', grade: { noteLiteral: gradeLabel(award), scale: award.gradeScale }, issuedDate: award.assessedOn },
        status: award.status,
      })),
    },
  };
  const key = await signingKeyOf(db, universityId);
  const jwt = await new SignJWT({ vc })
    .setProtectedHeader({ alg: ALG, kid: key.kid, typ: 'JWT' })
    .setIssuer(issuer.id)
    .setSubject(subject)
    .setJti(`urn:uuid:${randomUUID()}`)
    .setIssuedAt(issuedAt)
    .setNotBefore(issuedAt)
    .sign(await importJWK(key.privateJwk, ALG));
  return { jwt, keyId: key.kid, issuedAt, awards: rows.map((r) => r.award) };
}

/** CreditCredential's parent. */
export type CredentialView = IssuedCredential & { universityId: string };

export type CredentialStatus = 'VALID' | 'MALFORMED' | 'UNKNOWN_ISSUER' | 'BAD_SIGNATURE' | 'REVOKED';
export interface Verification {
  status: CredentialStatus;
  issuerId: string | null;
  revokedAwardIds: string[];
}

/** Checks a credential's form, issuer, signature, then whether any of its awards was revoked since. */
export async function verifyCredential(db: Db, jwt: string): Promise<Verification> {
  const fail = (status: CredentialStatus, issuerId: string | null = null): Verification => ({ status, issuerId, revokedAwardIds: [] });
  let kid: string | undefined;
  try {
    const header = decodeProtectedHeader(jwt.trim());
    if (header.alg !== ALG) return fail('MALFORMED');
    kid = header.kid;
  } catch {
    return fail('MALFORMED');
  }
  const [key] = kid ? await db.select().from(signingKeys).where(eq(signingKeys.kid, kid)) : [];
  if (!key) return fail('UNKNOWN_ISSUER');
  let payload: { iss?: unknown; vc?: { credentialSubject?: { hasClaim?: Array<{ id?: unknown }> } } };
  try {
    ({ payload } = await jwtVerify(jwt.trim(), await importJWK(JSON.parse(key.publicJwk) as JWK, ALG), {
      issuer: issuerOf(key.universityId),
      algorithms: [ALG],
    }));
  } catch (err) {
    // The key's owner is not the issuer the credential names: someone else's key, or a forged claim.
    if (err instanceof errors.JWTClaimValidationFailed && err.claim === 'iss') return fail('UNKNOWN_ISSUER');
    return fail(err instanceof errors.JWSSignatureVerificationFailed ? 'BAD_SIGNATURE' : 'MALFORMED');
  }
  if (uaiOfIssuer(payload.iss) !== key.universityId) return fail('UNKNOWN_ISSUER');
  const claims = payload.vc?.credentialSubject?.hasClaim;
  if (!Array.isArray(claims)) return fail('MALFORMED', key.universityId);
  const ids = claims.map((c) => (typeof c.id === 'string' && c.id.startsWith('urn:snn:credit-award:') ? c.id.slice(21) : null));
  if (ids.some((id) => id === null)) return fail('MALFORMED', key.universityId);
  const stored = await db
    .select({ id: creditAwards.id, status: creditAwards.status })
    .from(creditAwards)
    .where(and(anyOf(creditAwards.id, ids as string[]), eq(creditAwards.universityId, key.universityId)));
  const standing = new Set(stored.filter((r) => r.status !== 'REVOKED').map((r) => r.id));
  // An award that is gone is as good as revoked: the credential no longer vouches for it.
  const revokedAwardIds = (ids as string[]).filter((id) => !standing.has(id));
  return { status: revokedAwardIds.length > 0 ? 'REVOKED' : 'VALID', issuerId: key.universityId, revokedAwardIds };
}
