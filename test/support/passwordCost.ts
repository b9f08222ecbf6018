import type { PasswordCost } from '../../src/security/passwords.ts';

/** scrypt cost of the passwords tests make: the production cost (2^17) takes ~0.3 s a hash, seconds under load. */
export const TEST_PASSWORD_COST: PasswordCost = { N: 2 ** 12, r: 8, p: 1 };
