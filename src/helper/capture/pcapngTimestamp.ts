import type { PcapRecord } from './pcapRecord';

/** How an interface counts time (pcapng if_tsresol and if_tsoffset). */
export interface TimestampUnits {
  /** timestamp units per second: 10^n or 2^n */
  unitsPerSecond: number;
  /** seconds added to every timestamp */
  offsetSeconds: number;
}

// Long division in 16-bit digits stays exact while remainder × 2^16 fits in a double's 53 bits.
const EXACT_DIVISOR_LIMIT = 2 ** 36;
/** The furthest a JavaScript Date reaches either side of 1970, in seconds (±100,000,000 days). */
const DATE_RANGE_SECONDS = 8.64e12;

/**
 * Splits a 64-bit pcapng timestamp (two 32-bit halves) into seconds and nanoseconds on `record`,
 * exactly and without BigInt for the resolutions files use (up to 2^36 units per second), since
 * nanosecond timestamps since 1970 exceed what a double holds exactly. A time no Date can hold
 * (a wrong clock option, a damaged block) is left out, as a simple packet block's is: 0, as
 * Wireshark shows such a time as "not representable" and goes on.
 */
export function setTimestamp(record: PcapRecord, high: number, low: number, units: TimestampUnits): void {
  const divisor = units.unitsPerSecond;
  let seconds: number;
  let remainder: number;
  if (divisor <= EXACT_DIVISOR_LIMIT) {
    let current = high >>> 16;
    seconds = Math.floor(current / divisor);
    remainder = current - seconds * divisor;
    current = remainder * 65536 + (high & 0xffff);
    let digit = Math.floor(current / divisor);
    remainder = current - digit * divisor;
    seconds = seconds * 65536 + digit;
    current = remainder * 65536 + (low >>> 16);
    digit = Math.floor(current / divisor);
    remainder = current - digit * divisor;
    seconds = seconds * 65536 + digit;
    current = remainder * 65536 + (low & 0xffff);
    digit = Math.floor(current / divisor);
    remainder = current - digit * divisor;
    seconds = seconds * 65536 + digit;
  } else {
    // Picosecond clocks and the like: rare enough that BigInt's cost does not matter.
    const value = (BigInt(high) << 32n) | BigInt(low);
    const big = BigInt(divisor);
    seconds = Number(value / big);
    remainder = Number(value % big);
  }
  seconds += units.offsetSeconds;
  if (!(Math.abs(seconds) < DATE_RANGE_SECONDS)) {
    record.seconds = 0;
    record.nanoseconds = 0;
    return;
  }
  record.seconds = seconds;
  record.nanoseconds = divisor === 1e9 ? remainder : Math.floor((remainder * 1e9) / divisor);
}

/** Units per second for an if_tsresol option byte: high bit clear 10^-n, set 2^-n. */
export function unitsPerSecond(tsresol: number): number {
  return tsresol & 0x80 ? 2 ** (tsresol & 0x7f) : 10 ** tsresol;
}
