export * from './config';
export * from './callers';
export * from './viewer';
export * from './verify';
export * from './dev-issuer';
export * from './scopes';
export * from './tenancy';
