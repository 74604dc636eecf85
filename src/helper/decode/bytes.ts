// Reads straight from the frame, big-endian unless named `le`. Callers check bounds first; a read past the end of a
// Uint8Array yields undefined, which these turn into 0 rather than throwing.

/** The unsigned 16-bit big-endian number at `at`. */
export function u16(data: Uint8Array, at: number): number {
  return (data[at]! << 8) | data[at + 1]!;
}

/** The unsigned 32-bit big-endian number at `at`. */
export function u32(data: Uint8Array, at: number): number {
  return ((data[at]! << 24) | (data[at + 1]! << 16) | (data[at + 2]! << 8) | data[at + 3]!) >>> 0;
}

/** The unsigned 16-bit little-endian number at `at` (radiotap, PKTAP, NFLOG's TLV headers). */
export function u16le(data: Uint8Array, at: number): number {
  return data[at]! | (data[at + 1]! << 8);
}

/** The unsigned 32-bit little-endian number at `at`. */
export function u32le(data: Uint8Array, at: number): number {
  return (data[at]! | (data[at + 1]! << 8) | (data[at + 2]! << 16) | (data[at + 3]! << 24)) >>> 0;
}
