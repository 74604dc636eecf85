// DNS names (RFC 1035 section 4.1.4): labels and compression pointers. Hostile messages can point
// in loops, forward, or past the end; the jump limit and the output cap keep every read bounded.
// Every record of a message may also point at one long label chain, so that walking each name
// costs the whole chain again: a per-message step budget keeps the work linear in the message.

/** Most compression pointers followed in one name (a loop must end). */
const MAX_JUMPS = 64;
/** Longest name text built, in characters (the wire allows 255; hostile labels are cut here). */
const MAX_NAME_TEXT = 1024;
const scratch = new Uint8Array(MAX_NAME_TEXT + 64);
/**
 * Labels and pointers one message may walk across all its names: generous for real messages
 * (whose names share short suffixes), linear in the message's length for hostile ones.
 */
const STEPS_BASE = 4096;
const STEPS_PER_BYTE = 2;
/**
 * Names beyond ASCII are UTF-8 on the wire in practice (mDNS requires it: "John’s iPhone"), and
 * tshark shows them so; bytes that are not UTF-8 become U+FFFD, as in tshark, never Latin-1 guesses.
 */
const utf8 = new TextDecoder('utf-8');

/** How the last `readDnsName` went. */
export const NameStatus = { Ok: 0, Truncated: 1, Malformed: 2 } as const;

/** Result of the last `readDnsName`/`skipDnsName`, kept in module state so reading allocates only the string. */
export const nameRead = {
  /** offset just past the name where it was read (past the pointer when it jumped), -1 when cut */
  next: -1,
  status: 0 as number,
  /** labels and pointers walked since `beginDnsMessage` */
  steps: 0,
};

let stepBudget = STEPS_BASE;

/** Starts a message of `length` bytes: names read until the next call share its step budget. */
export function beginDnsMessage(length: number): void {
  nameRead.steps = 0;
  stepBudget = STEPS_BASE + STEPS_PER_BYTE * length;
}

/**
 * The name at `at` as text (`<Root>` for the root, as Wireshark writes it). `message` is where the
 * DNS message starts (pointers count from there); `end` is the last byte present. A cut name
 * yields what was read, with `nameRead.status` saying so.
 */
export function readDnsName(data: Uint8Array, message: number, at: number, end: number): string {
  const length = walkName(data, message, at, end, true);
  if (length === 0) return nameRead.status === NameStatus.Ok ? '<Root>' : '';
  for (let i = 0; i < length; i++) if (scratch[i]! >= 0x80) return utf8.decode(scratch.subarray(0, length));
  return String.fromCharCode.apply(null, scratch.subarray(0, length) as unknown as number[]);
}

/** Moves past the name at `at` without making text (`nameRead.next`, `nameRead.status`). */
export function skipDnsName(data: Uint8Array, message: number, at: number, end: number): void {
  walkName(data, message, at, end, false);
}

function walkName(data: Uint8Array, message: number, at: number, end: number, copy: boolean): number {
  let pos = at;
  let jumped = false;
  let jumps = 0;
  let length = 0;
  nameRead.next = -1;
  nameRead.status = NameStatus.Ok;
  for (;;) {
    if (pos >= end) {
      nameRead.status = NameStatus.Truncated;
      return length;
    }
    if (++nameRead.steps > stepBudget) {
      // Names that together walk more than the message could hold are made to cost, not to name.
      nameRead.status = NameStatus.Malformed;
      return length;
    }
    const byte = data[pos]!;
    if (byte === 0) {
      if (!jumped) nameRead.next = pos + 1;
      return length;
    }
    if ((byte & 0xc0) === 0xc0) {
      if (pos + 1 >= end) {
        nameRead.status = NameStatus.Truncated;
        return length;
      }
      if (!jumped) nameRead.next = pos + 2;
      jumped = true;
      const target = message + (((byte & 0x3f) << 8) | data[pos + 1]!);
      if (++jumps > MAX_JUMPS || target >= end) {
        nameRead.status = NameStatus.Malformed;
        return length;
      }
      pos = target;
      continue;
    }
    if ((byte & 0xc0) !== 0) {
      // 0x40 and 0x80 label types (extended, binary) were never deployed.
      nameRead.status = NameStatus.Malformed;
      return length;
    }
    const labelEnd = pos + 1 + byte;
    if (copy) {
      if (length > 0 && length < MAX_NAME_TEXT) scratch[length++] = 0x2e;
      for (let i = pos + 1; i < labelEnd && i < end && length < MAX_NAME_TEXT; i++) scratch[length++] = data[i]!;
    }
    if (labelEnd > end) {
      nameRead.status = NameStatus.Truncated;
      return length;
    }
    pos = labelEnd;
  }
}
