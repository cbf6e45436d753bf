import type { Context } from '../context';
import type { CredentialView, Verification } from '../data/credentials';

export const CreditCredential = {
  issuer: (c: CredentialView, _: unknown, ctx: Context) => ctx.loaders.university.get(c.universityId),
};

export const CredentialVerification = {
  valid: (v: Verification) => v.status === 'VALID',
  issuer: (v: Verification, _: unknown, ctx: Context) => (v.issuerId ? ctx.loaders.university.load(v.issuerId) : null),
};
