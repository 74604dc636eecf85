// The helper's reader of JSON-RPC messages from the extension (`Content-Length` framing, as the
// Language Server Protocol). vscode-jsonrpc's own reader stops answering after a header it cannot
// parse (the rest of the stream is read as one broken header), and waits forever for a body of
// any length it is told. This one reports a bad header, length or body as an error and finds the
// next header, so one garbled message loses only itself.
import type { Readable } from 'node:stream';
import { AbstractMessageReader } from 'vscode-jsonrpc/node';
import type { DataCallback, Disposable, Message, MessageReader } from 'vscode-jsonrpc/node';

/** Largest body accepted: the extension's requests are small; a larger length is a broken header. */
export const MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
/** Longest header block before its blank line: longer is garbage, not a header. */
const MAX_HEADER_BYTES = 4096;
const HEADER_END = Buffer.from('\r\n\r\n');
const HEADER_START = Buffer.from('content-length:');

/** Reads framed messages from `input`; `onError` receives what was skipped and why. */
export class ResyncingMessageReader extends AbstractMessageReader implements MessageReader {
  private pending = Buffer.alloc(0);
  /** chunks that arrived while a long body was incomplete, joined once it is whole */
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  /** body length of the message being read, or -1 while reading its header */
  private bodyLength = -1;
  /** after a bad header: looking for the next `Content-Length:` rather than parsing */
  private resyncing = false;

  constructor(private readonly input: Readable) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (chunk: Buffer) => {
      this.chunks.push(chunk);
      this.chunkBytes += chunk.length;
      // Joining every chunk into a growing body would copy a long message over and over.
      if (this.bodyLength >= 0 && this.pending.length + this.chunkBytes < this.bodyLength) return;
      this.pending = Buffer.concat([this.pending, ...this.chunks]);
      this.chunks = [];
      this.chunkBytes = 0;
      this.drain(callback);
    };
    const onError = (error: Error) => this.fireError(error);
    const onClose = () => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('close', onClose);
    return {
      dispose: () => {
        this.input.off('data', onData);
        this.input.off('error', onError);
        this.input.off('close', onClose);
      },
    };
  }

  private drain(callback: DataCallback): void {
    for (;;) {
      if (this.bodyLength < 0 && !this.readHeader()) return;
      if (this.pending.length < this.bodyLength) return;
      const body = this.pending.subarray(0, this.bodyLength);
      this.pending = this.pending.subarray(this.bodyLength);
      this.bodyLength = -1;
      const message = parseBody(body);
      if (typeof message === 'string') this.fireError(new Error(message));
      else callback(message);
    }
  }

  /** Reads one header block; false when more bytes are needed. A bad one is skipped and reported. */
  private readHeader(): boolean {
    for (;;) {
      if (this.resyncing && !this.findNextHeader(0)) return false;
      const end = this.pending.indexOf(HEADER_END);
      if (end < 0 && this.pending.length <= MAX_HEADER_BYTES) return false;
      const length =
        end < 0
          ? `no end of header within ${MAX_HEADER_BYTES} bytes`
          : contentLength(this.pending.toString('latin1', 0, end));
      if (typeof length === 'number') {
        this.pending = this.pending.subarray(end + HEADER_END.length);
        this.bodyLength = length;
        return true;
      }
      this.fireError(new Error(`skipped a malformed message header: ${length}`));
      this.resyncing = true;
      if (!this.findNextHeader(1)) return false;
    }
  }

  /**
   * Drops bytes up to the next `Content-Length:` at or after `from`; without one, all but a tail
   * that may be its beginning, and false.
   */
  private findNextHeader(from: number): boolean {
    const lower = Buffer.from(this.pending.toString('latin1').toLowerCase(), 'latin1');
    const next = lower.indexOf(HEADER_START, from);
    if (next < 0) {
      this.pending = this.pending.subarray(Math.max(from, this.pending.length - HEADER_START.length + 1));
      return false;
    }
    this.pending = this.pending.subarray(next);
    this.resyncing = false;
    return true;
  }
}

/** The body length a header block gives, or why it gives none. */
function contentLength(header: string): number | string {
  let length: number | string = 'no Content-Length';
  for (const line of header.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) return 'a header line without a name and a colon';
    if (line.slice(0, colon).trim().toLowerCase() !== 'content-length') continue;
    const value = line.slice(colon + 1).trim();
    if (!/^\d{1,9}$/.test(value)) return 'Content-Length is not a number of bytes';
    length = Number(value);
    if (length > MAX_MESSAGE_BYTES) return `Content-Length ${length} is over ${MAX_MESSAGE_BYTES}`;
  }
  return length;
}

/** The message in `body`, or why there is none. */
function parseBody(body: Buffer): Message | string {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch {
    return `skipped a message body of ${body.length} bytes that is not JSON`;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `skipped a message body of ${body.length} bytes that is not a JSON-RPC object`;
  }
  return value as Message;
}
