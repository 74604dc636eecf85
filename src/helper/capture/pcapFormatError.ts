/** A pcap or pcapng file that cannot be read further; the message names the byte offset of the problem. */
export class PcapFormatError extends Error {
  override name = 'PcapFormatError';

  constructor(
    /** offset in the file of the header or block that is wrong, in bytes */
    readonly offset: number,
    /** what is wrong there, e.g. `truncated packet record` */
    readonly problem: string,
    /** the numbers that show it, e.g. `header says 1514 bytes, 200 remain` */
    readonly detail?: string,
  ) {
    super(`${problem} at offset ${offset}${detail ? `: ${detail}` : ''}`);
  }
}
