import type { AppInfo } from './appInfo';
import { ascii, hasBytes, latin1, lineEnd } from './text';

const SSH_DASH = ascii('SSH-');
/** RFC 4253 section 4.2 limits the identification line to 255 bytes with its CR LF. */
const MAX_BANNER = 255;

/** The payload begins with an SSH identification line ("SSH-2.0-…"). */
export function isSshBanner(data: Uint8Array, start: number, end: number): boolean {
  return hasBytes(data, start, end, SSH_DASH) && end - start >= 8;
}

/** Reads the identification line (RFC 4253 section 4.2) without its CR LF; binary packets are left alone. */
export function decodeSsh(out: AppInfo, data: Uint8Array, start: number, end: number): void {
  if (!hasBytes(data, start, end, SSH_DASH)) return;
  const limit = end - start > MAX_BANNER ? start + MAX_BANNER : end;
  const stop = lineEnd(data, start, limit);
  if (stop === end) out.truncated = true;
  out.sshBanner = latin1(data, start, stop);
}
