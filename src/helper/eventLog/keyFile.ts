// The keys of an event log, as a JSON key file: {"version": 1, "keys": [{"key": base64, "created": ms}]},
// the last key current. VS Code keeps the same JSON in its SecretStorage and writes it out for the
// CLI with "Export Event Log Key…"; `lanlens log key` makes and rotates one. A key file is a
// secret: it must be readable by its owner only.
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { keyId } from './eventLogFormat';
import type { LogKey } from './eventLogFormat';
import { parseKeyRingText, withKey } from '../../shared/eventLog/keyRing';
import type { KeyRing } from '../../shared/eventLog/keyRing';

/** The keys of a key file's text, the current one last; throws with what is wrong. */
export function parseKeyRing(text: string): LogKey[] {
  const ring = parseKeyRingText(text);
  if ('error' in ring) throw new Error(ring.error);
  return ring.keys.map((entry, index) => {
    const key = Buffer.from(entry.key, 'base64');
    if (key.length !== 32) throw new Error(`key ${index + 1} is not 32 bytes of base64`);
    return { id: keyId(key), key };
  });
}

/** Reads a key file, refusing one others may read. */
export function readKeyFile(path: string): LogKey[] {
  if ((statSync(path).mode & 0o077) !== 0)
    throw new Error(`${path} holds secret keys and others may read it: chmod 600 ${path}`);
  return parseKeyRing(readFileSync(path, 'utf8'));
}

/** Makes a key file, or adds a new current key to one (rotation); answers the new key. */
export function addKeyToFile(path: string, now: number = Date.now()): LogKey {
  let ring: KeyRing | undefined;
  if (existsSync(path)) {
    const parsed = parseKeyRingText(readFileSync(path, 'utf8'));
    if ('error' in parsed) throw new Error(`${path} is ${parsed.error}`);
    ring = parsed;
  }
  const next = withKey(ring, randomBytes(32).toString('base64'), now);
  writeFileSync(path, JSON.stringify(next, null, 2) + '\n', { mode: 0o600 });
  chmodSync(path, 0o600);
  return parseKeyRing(JSON.stringify(next)).at(-1)!;
}
