import {
  closeSync,
  ftruncateSync,
  lstatSync,
  mkdtempSync,
  openSync,
  read,
  readdirSync,
  rmSync,
  write,
  writeSync,
} from 'node:fs';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PcapWriter } from './pcapWriter';
import { writeConversationPcap } from './conversationPcap';
import { namingFile, namingFileAsync } from './fileNamedErrors';
import type { ConversationKey } from '../../shared/helperProtocol';
import { asInvokingUser } from '../os/dropPrivileges';
import type { RecordingState } from '../../shared/model/traffic';

const readAsync = promisify(read);
const writeAsync = promisify(write);
const PCAP_HEADER_BYTES = 24;
const RECORD_HEADER_BYTES = 16;
const liveDirectories = new Set<string>();
const RECORDING_PREFIX = 'lanlens-capture-';
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
  private readonly fd: number;
  private readonly state: RecordingState = { packets: 0, bytes: PCAP_HEADER_BYTES, full: false };
  /** the recording as of the last flush that succeeded: whole records, all on disk */
  private flushed = { packets: 0, bytes: 0 };
  /** where each record written since the last flush ends in the file, to cut a failed write at one */
  private unflushedEnds: number[] = [];
  /** bytes the file really holds: what every write that returned put there */
  private onDisk = 0;
  private closed = false;

  constructor(
    linkType: number,
    private readonly snaplen: number,
    private readonly maxBytes: number,
  ) {
    // The pid in the name lets a later helper tell a dead one's leftovers from a live one's.
    this.directory = mkdtempSync(path.join(tmpdir(), `${RECORDING_PREFIX}${process.pid}-`));
    liveDirectories.add(this.directory);
    installExitHook();
    this.path = path.join(this.directory, 'capture.pcap');
    const fd = openSync(this.path, 'w');
    this.fd = fd;
    const sink = {
      write: (bytes: Buffer, length: number) => {
        for (let written = 0; written < length;) {
          const count = writeSync(fd, bytes, written, length - written);
          written += count;
          this.onDisk += count;
        }
      },
      close: () => closeSync(fd),
    };
    // The header waits in the writer's buffer until the first flush, so it cannot fail here.
    this.writer = new PcapWriter(sink, { linkType, snapLength: snaplen });
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
    try {
      this.writer.write(seconds, nanoseconds, data, offset, capturedLength, wireLength);
    } catch (error) {
      this.fail(error);
      return;
    }
    this.state.packets++;
    this.state.bytes += size;
    this.unflushedEnds.push(this.state.bytes);
  }

  get recording(): RecordingState {
    return { ...this.state };
  }

  /** Writes out what is buffered, so the file on disk holds every packet recorded so far. */
  flush(): void {
    if (this.closed) return;
    try {
      this.writer.flush();
      this.flushed = { packets: this.state.packets, bytes: this.state.bytes };
      this.unflushedEnds = [];
    } catch (error) {
      this.fail(error);
    }
  }

  /** Stops taking packets and writes out what is buffered. */
  close(): void {
    if (this.closed) return;
    this.flush();
    if (this.closed) return; // the flush failed and closed the file
    this.closed = true;
    closeSync(this.fd);
  }

  /**
   * A write failed (a full disk, a quota, an I/O error): recording ends, cut back to the last
   * whole flush so the file stays a valid pcap, and says why. The capture itself goes on.
   */
  private fail(error: unknown): void {
    if (this.closed) return;
    this.closed = true;
    const reason = (error as NodeJS.ErrnoException).code === 'ENOSPC' ? 'the disk is full' : describe(error);
    // Keep every record that reached the disk whole; a file without its header keeps nothing.
    let kept = this.onDisk >= PCAP_HEADER_BYTES ? { packets: 0, bytes: PCAP_HEADER_BYTES } : { packets: 0, bytes: 0 };
    if (this.flushed.bytes > 0) kept = { ...this.flushed };
    for (let i = 0; i < this.unflushedEnds.length && this.unflushedEnds[i]! <= this.onDisk; i++) {
      kept = { packets: this.flushed.packets + i + 1, bytes: this.unflushedEnds[i]! };
    }
    try {
      ftruncateSync(this.fd, kept.bytes);
    } catch {
      // Shrinking a file needs no space; if even that fails, saving still copies whole records only.
    }
    closeSync(this.fd);
    this.unflushedEnds = [];
    Object.assign(this.state, kept);
    this.state.error = `Recording stopped after ${kept.packets} packets: ${reason} (${this.directory}). The capture goes on.`;
  }

  /**
   * Copies the recording as it is now to `destination` (replacing it), without stopping capture:
   * packets recorded meanwhile are not part of the copy. When the helper runs as root for a sudo
   * user, the file is created as that user, with that user's permissions.
   */
  async saveAs(destination: string): Promise<RecordingState> {
    this.flush();
    const state = this.recording;
    if (state.bytes < PCAP_HEADER_BYTES) throw new Error(state.error ?? 'Nothing was recorded.');
    const source = openSync(this.path, 'r');
    try {
      // Opened synchronously: the effective user must not change back before the file exists.
      const target = asInvokingUser(() => openSync(destination, 'w', 0o644));
      try {
        const chunk = Buffer.allocUnsafe(1 << 20);
        for (let position = 0; position < state.bytes;) {
          const length = Math.min(chunk.length, state.bytes - position);
          const read = namingFileAsync(this.path, () => readAsync(source, chunk, 0, length, position));
          const { bytesRead } = await read;
          if (bytesRead === 0) throw new Error(`the recording ended at ${position} of ${state.bytes} bytes`);
          for (let written = 0; written < bytesRead;) {
            const write = namingFileAsync(destination, () => writeAsync(target, chunk, written, bytesRead - written));
            written += (await write).bytesWritten;
          }
          position += bytesRead;
        }
      } finally {
        namingFile(destination, () => closeSync(target));
      }
    } finally {
      closeSync(source);
    }
    return state;
  }

  /**
   * Writes the packets of `conversations` recorded so far to `destination` (replacing it), as
   * `saveAs` does for all of them; answers how many packets and bytes the new file holds.
   */
  async saveConversations(
    destination: string,
    conversations: readonly ConversationKey[],
  ): Promise<{ packets: number; bytes: number }> {
    this.flush();
    const state = this.recording;
    if (state.bytes < PCAP_HEADER_BYTES) throw new Error(state.error ?? 'Nothing was recorded.');
    return writeConversationPcap(this.path, state.bytes, destination, conversations);
  }

  /** Closes and deletes the recording. */
  dispose(): void {
    this.close();
    rmSync(this.directory, { recursive: true, force: true });
    liveDirectories.delete(this.directory);
  }
}

const signalNumber = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const;

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * Removes recordings a helper left behind when it was killed (SIGKILL leaves no chance to clean
 * up): folders of this user named for a process that no longer runs. Returns how many went.
 */
export function removeStaleRecordings(directory = tmpdir()): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(directory);
  } catch {
    return 0;
  }
  for (const name of names) {
    const match = new RegExp(`^${RECORDING_PREFIX}(\\d+)-`).exec(name);
    if (!match || processRuns(Number(match[1]))) continue;
    const folder = path.join(directory, name);
    try {
      if (lstatSync(folder).uid !== process.getuid?.()) continue;
      rmSync(folder, { recursive: true, force: true });
      removed++;
    } catch {
      // Gone meanwhile, or not ours to remove.
    }
  }
  return removed;
}

function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const directory of liveDirectories) rmSync(directory, { recursive: true, force: true });
  });
  // Without a handler, SIGTERM and SIGINT end Node without 'exit': the recordings would stay.
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    if (process.listenerCount(signal) === 0) process.once(signal, () => process.exit(128 + signalNumber[signal]));
  }
}
