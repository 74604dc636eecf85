// How a running helper read the files it opened, from its log's line for each ("opened F (pcap): N
// packets in T ms, in one pass" or "…, in 2 parts"; src/helper/server/captureFileHandlers.ts).
import type { HelperConnection } from '../test/lab/helperConnection';
import { LogNotification } from '../src/shared/helperProtocol';

/** The files `helper` opens from now on, each as it was read ('one pass', 'N parts'), in order. */
export function fileReads(helper: HelperConnection): string[] {
  const reads: string[] = [];
  helper.connection.onNotification(LogNotification.type, ({ message }) => {
    const read = /^opened .* in (one pass|\d+ parts)$/.exec(message)?.[1];
    if (read) reads.push(read);
  });
  return reads;
}
