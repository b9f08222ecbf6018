import { randomInt as cryptoRandomInt, randomUUID } from 'node:crypto';
import type { RandomInt } from '../domain/pin/generator.ts';

/** Injectable randomness: cryptographically secure in production, seedable in tests. */
export interface Random {
  int: RandomInt;
  uuid(): string;
}

export const cryptoRandom: Random = {
  int: (maxExclusive) => cryptoRandomInt(maxExclusive),
  uuid: () => randomUUID(),
};
