import { openPcapFile } from './pcapFile';
import type { CaptureSource, FrameSink, SourceDrops } from './captureSource';
import type { PacketReader, PcapRecord } from './pcapRecord';

// Frames read per turn of the event loop, so a long file leaves room for requests and cancellation.
const FRAMES_PER_TURN = 20_000;

/** A pcap or pcapng file as a capture source: frames are delivered a slice per event-loop turn. */
export class FileCaptureSource implements CaptureSource {
  readonly kind = 'file';
  readonly linkType: number;
  readonly format: 'pcap' | 'pcapng';
  private pending: PcapRecord | undefined;
  private stopped = false;
  private ended = false;
  private onEnd: (error?: Error) => void = () => undefined;

  /** Opens `path`; throws PcapFormatError (naming the offset) when it is not a capture file. */
  constructor(path: string);
  constructor(reader: PacketReader);
  constructor(input: string | PacketReader) {
    const reader = typeof input === 'string' ? openPcapFile(input) : input;
    this.reader = reader;
    this.format = reader.format;
    try {
      // The first record tells the link type; it is delivered first when reading starts.
      this.pending = reader.next();
    } catch (error) {
      reader.close();
      throw error;
    }
    this.linkType = this.pending?.linkType ?? 0;
  }

  private readonly reader: PacketReader;

  start(sink: FrameSink, onEnd: (error?: Error) => void): void {
    this.onEnd = onEnd;
    const turn = () => {
      if (this.stopped) return;
      try {
        let record = this.pending ?? this.reader.next();
        this.pending = undefined;
        for (let n = 0; record && !this.stopped;) {
          sink(
            record.linkType,
            record.data,
            record.offset,
            record.capturedLength,
            record.originalLength,
            record.seconds,
            record.nanoseconds,
          );
          if (++n === FRAMES_PER_TURN) break;
          record = this.reader.next();
        }
        if (record && !this.stopped) {
          this.pending = this.reader.next();
          if (this.pending) return void setImmediate(turn);
        }
        this.finish();
      } catch (error) {
        this.finish(error instanceof Error ? error : new Error(String(error)));
      }
    };
    setImmediate(turn);
  }

  stop(): Promise<void> {
    this.stopped = true;
    this.finish();
    return Promise.resolve();
  }

  drops(): SourceDrops {
    return { kernel: 0, interface: 0 };
  }

  private finish(error?: Error): void {
    if (this.ended) return;
    this.ended = true;
    this.stopped = true;
    this.reader.close();
    this.onEnd(error);
  }
}
