import type { AppInfo } from './appInfo';
import { digits, isDigits, isToken, latin1, lineEnd, nextSpace, trimEnd } from './text';

/** Longest command word taken as one (FTP and SMTP verbs are 3 to 8 letters). */
const MAX_VERB = 16;

/**
 * Reads the first line of an FTP (RFC 959) or SMTP (RFC 5321) segment: a reply ("220 ready",
 * "250-…") or a command ("USER anna", "EHLO host"). Returns false when the line is neither.
 */
export function decodeLine(out: AppInfo, data: Uint8Array, start: number, end: number): boolean {
  const stop = lineEnd(data, start, end);
  if (stop === end) out.truncated = true;
  if (isDigits(data, start, 3, stop) && (stop - start === 3 || data[start + 3] === 0x20 || data[start + 3] === 0x2d)) {
    out.replyCode = digits(data, start, 3);
    out.replyText = latin1(data, start + 4 < stop ? start + 4 : stop, trimEnd(data, start, stop));
    return true;
  }
  const verbEnd = nextSpace(data, start, stop);
  if (verbEnd - start > MAX_VERB || !isToken(data, start, verbEnd)) return false;
  out.lineCommand = latin1(data, start, verbEnd);
  out.lineArgument = verbEnd < stop ? latin1(data, verbEnd + 1, trimEnd(data, verbEnd + 1, stop)) : '';
  return true;
}
