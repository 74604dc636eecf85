/**
 * Receives one frame of link type `linkType` (LINKTYPE_*). `data` is reused for the next frame (cap's buffer, a file reader's window):
 * read it synchronously and keep no reference. `seconds`/`nanoseconds` are the capture time.
 */
export type FrameSink = (
  linkType: number,
  data: Buffer,
  offset: number,
  capturedLength: number,
  wireLength: number,
  seconds: number,
  nanoseconds: number,
) => void;

/** Drops counted by the capture source, cumulative since it started. */
export interface SourceDrops {
  /** frames the kernel dropped because they were not read in time (pcap `ps_drop`) */
  kernel: number;
  /** frames the interface or driver dropped (pcap `ps_ifdrop`) */
  interface: number;
}

/** Where frames come from: a live interface or a capture file, behind one interface. */
export interface CaptureSource {
  readonly kind: 'live' | 'file';
  /** LINKTYPE_* of the frames (of a pcapng file's first interface: each frame carries its own) */
  readonly linkType: number;
  /**
   * Delivers frames to `sink` until the source ends (a file's end, a live interface that failed)
   * or `stop` is called; `onEnd` is called once, with the error when the source failed.
   */
  start(sink: FrameSink, onEnd: (error?: Error) => void): void;
  /** Stops delivering; resolves once the frames the source still held were delivered. Safe to repeat. */
  stop(): Promise<void>;
  drops(): SourceDrops;
}
