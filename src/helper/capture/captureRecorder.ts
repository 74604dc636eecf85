import { closeSync, mkdtempSync, openSync, read, rmSync, write } from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PcapWriter, fileSink } from './pcapWriter';
import { asInvokingUser } from '../os/dropPrivileges';
import type { RecordingState } from '../../shared/model/traffic';

const readAsync = promisify(read);
const writeAsync = promisify(write);
const PCAP_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
const liveDirectories = new Set<string>();
let exitHookInstalled = false;

/**
 * Keeps a live capture as a classic pcap in a private temporary directory, up to `maxBytes`, so
 * it can be saved later (`saveAs`), opened by Wireshark, or paged through. Removed by `dispose`,
 * and at the latest when the process exits.
 */
export class CaptureRecorder {
  readonly path: string;
  private readonly directory: string;
  private readonly writer: PcapWriter;
  private readonly state: RecordingState = { packets: 0, bytes: PCAP_HEADER_BYTES, full: false };
  private closed = false;

  constructor(
    linkType: number,
    private readonly snaplen: number,
    private readonly maxBytes: number,
  ) {
    this.directory = mkdtempSync(path.join(tmpdir(), 'lanlens-capture-'));
    liveDirectories.add(this.directory);
    installExitHook();
    this.path = path.join(this.directory, 'capture.pcap');
    this.writer = new PcapWriter(fileSink(this.path), { linkType, snapLength: snaplen });
  }

  /** Appends one frame (copied at once), unless the recording is full or closed. */
  write(
    data: Buffer,
    offset: number,
    capturedLength: number,
    wireLength: number,
    seconds: number,
    nanoseconds: number,
  ) {
    if (this.state.full || this.closed) return;
    const size = RECORD_HEADER_BYTES + Math.min(capturedLength, this.snaplen);
    if (this.state.bytes + size > this.maxBytes) {
      this.state.full = true;
      return;
    }
    this.writer.write(seconds, nanoseconds, data, offset, capturedLength, wireLength);
    this.state.packets++;
    this.state.bytes += size;
  }

  get recording(): RecordingState {
    return { ...this.state };
  }

  /** Writes out what is buffered, so the file on disk holds every packet recorded so far. */
  flush(): void {
    if (!this.closed) this.writer.flush();
  }

  /** Stops taking packets and writes out what is buffered. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.writer.close();
  }

  /**
   * Copies the recording as it is now to `destination` (replacing it), without stopping capture:
   * packets recorded meanwhile are not part of the copy. When the helper runs as root for a sudo
   * user, the file is created as that user, with that user's permissions.
   */
  async saveAs(destination: string): Promise<RecordingState> {
    this.flush();
    const state = this.recording;
    const source = openSync(this.path, 'r');
    try {
      // Opened synchronously: the effective user must not change back before the file exists.
      const target = asInvokingUser(() => openSync(destination, 'w', 0o644));
      try {
        const chunk = Buffer.allocUnsafe(1 << 20);
        for (let position = 0; position < state.bytes;) {
          const length = Math.min(chunk.length, state.bytes - position);
          const { bytesRead } = await readAsync(source, chunk, 0, length, position);
          if (bytesRead === 0) throw new Error(`the recording ended at ${position} of ${state.bytes} bytes`);
          for (let written = 0; written < bytesRead;)
            written += (await writeAsync(target, chunk, written, bytesRead - written)).bytesWritten;
          position += bytesRead;
        }
      } finally {
        closeSync(target);
      }
    } finally {
      closeSync(source);
    }
    return state;
  }

  /** Closes and deletes the recording. */
  dispose(): void {
    this.close();
    rmSync(this.directory, { recursive: true, force: true });
    liveDirectories.delete(this.directory);
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const directory of liveDirectories) rmSync(directory, { recursive: true, force: true });
  });
}
