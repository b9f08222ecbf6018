/** Comparing a Seam response's shape with Keyway's: Keyway may add fields, never drop or retype Seam's. */

/** Seam fields Keyway does not serve, and why. */
export const KNOWN_OMISSIONS: Record<string, string> = {
  'device.properties.locked': 'Keyway manages codes, not the bolt: it does not know whether a door is locked.',
  'lock.properties.locked': 'Keyway manages codes, not the bolt: it does not know whether a door is locked.',
};

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function kind(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Where Keyway's value drops or retypes something in Seam's. A null on Seam's side says nothing about the type. */
export function shapeDiff(seam: Json, keyway: Json | undefined, path: string, out: string[] = []): string[] {
  if (keyway === undefined) {
    if (!(path in KNOWN_OMISSIONS)) out.push(`${path}: missing`);
    return out;
  }
  if (seam === null) return out;
  if (kind(seam) !== kind(keyway)) {
    out.push(`${path}: ${kind(seam)} in Seam, ${kind(keyway)} in Keyway`);
    return out;
  }
  if (Array.isArray(seam) && Array.isArray(keyway)) {
    const [first] = seam;
    const [mine] = keyway;
    if (first !== undefined && mine !== undefined) shapeDiff(first, mine, `${path}[]`, out);
    return out;
  }
  if (typeof seam === 'object' && typeof keyway === 'object' && keyway !== null && !Array.isArray(keyway)) {
    for (const [key, value] of Object.entries(seam)) shapeDiff(value, keyway[key], `${path}.${key}`, out);
  }
  return out;
}
