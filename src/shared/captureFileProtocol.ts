/**
 * The extension ⇄ helper messages about the packets and tables of capture files and recordings, in
 * the style of helperProtocol.ts, which holds the rest (`capture/close` and `capture/snapshot`
 * among them); one file per area keeps each short. Served by src/helper/server/captureFileHandlers.ts.
 */
import { RequestType } from 'vscode-jsonrpc/lib/common/api';
import type {
  FlowSummary,
  HostTraffic,
  IpConversation,
  PacketDetail,
  PacketSummary,
  TrafficSnapshot,
} from './model/traffic';

/** Parameters of `capture/openFile`. */
export interface OpenCaptureFileParams {
  /** names the opened file in later `capture/packets` and `capture/packetDetail` requests */
  captureId: string;
  /** absolute path of a pcap or pcapng file */
  path: string;
  /** threads to read with, 1 to 16 (default: chosen by the helper; benchmarks compare one against it) */
  threads?: number;
}

/**
 * Reads a whole capture file and answers with its statistics, as its dashboard shows them
 * (FILE_VIEW_LIMITS): each table cut to the rows with the most bytes, as many as a view keeps (the
 * counters say how many there are), no IP conversations (no view of a file shows them) and no
 * recent packets; `capture/rows` pages whole tables, `capture/packets` every packet. Cancellable,
 * also by `capture/close`. The file is registered as reading begins: `capture/packets` pages what
 * is read so far meanwhile.
 * Errors: BadCaptureFile.
 */
export namespace OpenCaptureFileRequest {
  export const method = 'capture/openFile' as const;
  export const type = new RequestType<OpenCaptureFileParams, TrafficSnapshot, void>(method);
}

/** Parameters of `capture/packets`. */
export interface CapturePacketsParams {
  captureId: string;
  /**
   * 1-based position of the first packet wanted among those the filter keeps: without a filter it
   * is the frame number; with one, `from: 1` is the first match, so a list view can page through
   * matches by position (`total` tells how many there are)
   */
  from: number;
  /** how many at most */
  count: number;
  /**
   * keep only packets whose summary matches this display filter: every whitespace-separated term
   * must occur, case-insensitively, in the source, destination, ports, protocol or Info
   */
  filter?: string;
}

/** What `capture/packets` answers. */
export interface CapturePage {
  packets: PacketSummary[];
  /** packets the filter keeps (every packet without one); while `reading`, among those read so far */
  total: number;
  /** the file is still being read (`capture/openFile` has not answered yet): `total` will grow */
  reading?: boolean;
}

/** A page of the packet list of an opened file (also while it is read) or a recorded capture. */
export namespace CapturePacketsRequest {
  export const method = 'capture/packets' as const;
  export const type = new RequestType<CapturePacketsParams, CapturePage, void>(method);
}

/** The tables `capture/rows` pages (the helper checks a request's `table` against this list). */
export const CAPTURE_ROWS_TABLES = ['flows', 'hosts', 'conversations'] as const;
export type CaptureRowsTable = (typeof CAPTURE_ROWS_TABLES)[number];

/** Parameters of `capture/rows`. */
export interface CaptureRowsParams {
  captureId: string;
  table: CaptureRowsTable;
  /** 1-based position of the first row wanted, in the table's own order (least recently seen first) */
  from: number;
  /** how many at most (up to 10,000) */
  count: number;
}

/** The row of each table `capture/rows` pages. */
export interface CaptureRowTypes {
  flows: FlowSummary;
  hosts: HostTraffic;
  conversations: IpConversation;
}

/** What `capture/rows` answers: rows of the table asked for (one of `T`), and how many it has in all. */
export type CaptureRows<T extends CaptureRowsTable = CaptureRowsTable> = T extends CaptureRowsTable
  ? { rows: CaptureRowTypes[T][]; total: number }
  : never;

/**
 * Rows of the whole flows, hosts or IP conversations table of an opened file, a page at a time: a
 * file's snapshot holds only what its dashboard shows (FILE_VIEW_LIMITS), an export takes whole
 * tables from here.
 */
export namespace CaptureRowsRequest {
  export const method = 'capture/rows' as const;
  export const type = new RequestType<CaptureRowsParams, CaptureRows, void>(method);
}

/** One packet dissected, with its bytes. */
export namespace CapturePacketDetailRequest {
  export const method = 'capture/packetDetail' as const;
  export const type = new RequestType<{ captureId: string; index: number }, PacketDetail, void>(method);
}
