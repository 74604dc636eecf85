import type { AppInfo } from './appInfo';

/** Length of an NTP packet without extension fields or MAC (RFC 5905 section 7.3). */
const NTP_HEADER = 48;

/** Reads the first bytes of an NTP packet (RFC 5905): leap indicator, version, mode, stratum, poll. */
export function decodeNtp(out: AppInfo, data: Uint8Array, start: number, end: number): void {
  if (end - start < 1) {
    out.truncated = true;
    return;
  }
  const first = data[start]!;
  out.ntpLeap = first >> 6;
  out.ntpVersion = (first >> 3) & 7;
  out.ntpMode = first & 7;
  if (end - start < 3) {
    out.truncated = true;
    if (end - start === 2) out.ntpStratum = data[start + 1]!;
    return;
  }
  out.ntpStratum = data[start + 1]!;
  out.ntpPoll = (data[start + 2]! << 24) >> 24; // signed
  // Mode 6 and 7 (control, private) have their own shorter formats.
  if (end - start < NTP_HEADER && out.ntpMode < 6) out.truncated = true;
}
