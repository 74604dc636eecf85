// The keys of an encrypted event log as the extension keeps them in SecretStorage and the CLI reads
// them from a key file: {"version": 1, "keys": [{"key": base64, "created": ms}]}, the last one
// current. Older keys stay so records sealed with them can still be read after a rotation.

/** A key ring. */
export interface KeyRing {
  version: 1;
  keys: { key: string; created: number }[];
}

/** A ring with `key` (32 random bytes in base64) added as the current key. */
export function withKey(ring: KeyRing | undefined, key: string, created: number): KeyRing {
  return { version: 1, keys: [...(ring?.keys ?? []), { key, created }] };
}

/** The ring in `text`, or why it is not one (its keys' lengths are the helper's to check). */
export function parseKeyRingText(text: string): KeyRing | { error: string } {
  let ring: Partial<KeyRing>;
  try {
    ring = JSON.parse(text) as Partial<KeyRing>;
  } catch {
    return { error: 'not a LAN Lens key file (not JSON)' };
  }
  const valid =
    ring?.version === 1 &&
    Array.isArray(ring.keys) &&
    ring.keys.length > 0 &&
    ring.keys.every((entry) => typeof entry?.key === 'string' && typeof entry.created === 'number');
  return valid ? (ring as KeyRing) : { error: 'not a LAN Lens key file (version 1 with at least one key)' };
}
