import { DEV_SECRETS } from '@saga/runtime';
import { signDevToken } from '@saga/dev-harness';

// Tests under services/ sign their tokens here: a service's own files never import the harness.
export { signDevToken };

export const TEST_JWT_SECRET = DEV_SECRETS.JWT_SECRET;

export const customerToken = (sub = 'customer-1', options: Parameters<typeof signDevToken>[2] = {}) =>
  signDevToken(TEST_JWT_SECRET, { sub, role: 'customer' }, options);

export const vendorToken = (vendorId: string, sub = `user-of-${vendorId}`) =>
  signDevToken(TEST_JWT_SECRET, { sub, role: 'vendor', vendorId });
