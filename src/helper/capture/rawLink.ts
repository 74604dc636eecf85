import { BATCH_HEADER_BYTES, classifyCaptureError, loadCap } from './nativeCap';
import type { CapHandle } from './nativeCap';
import type { CaptureStatus } from '../../shared/model/capture';

/** A link-layer handle that sends frames and hands received frames to a callback. */
export interface FrameLink {
  /** sends `length` bytes of `frame`; throws when the kernel refuses */
  send(frame: Buffer, length: number): void;
  /** `frame` is reused for the next packet: read it synchronously and keep no reference */
  onFrame(handler: (frame: Buffer, length: number) => void): void;
  close(): void;
}

// Privilege does not come back during a process's life, so after one refusal no further handle is
// opened.
let privilegeRefusal: CaptureStatus | undefined;

/**
 * Frames that arrived together come to JavaScript in one event, copied back to back into this
 * buffer: a port scan's tens of thousands of replies cost a few hundred calls into JavaScript
 * instead of one each.
 */
const BATCH_BYTES = 1 << 20;

/** Options for opening a raw link. */
export interface RawLinkOptions {
  interfaceName: string;
  /** BPF filter applied in the kernel, so uninteresting frames never reach JavaScript */
  filter: string;
  /** kernel capture buffer, in bytes */
  bufferSize?: number;
}

/** Opens a libpcap handle on an Ethernet interface, or says why it cannot. */
export function openRawLink(options: RawLinkOptions): { link: FrameLink } | { problem: CaptureStatus } {
  const loaded = loadCap();
  if (!loaded.module) return { problem: loaded.status };
  if (privilegeRefusal) return { problem: privilegeRefusal };
  const handle: CapHandle = new loaded.module.Cap();
  const buffer = Buffer.alloc(BATCH_BYTES);
  let linkType: string;
  try {
    const bufferSize = options.bufferSize ?? 4 * 1024 * 1024;
    // Immediate: a reply is handed over as soon as it is in, batched with whatever else came with it.
    linkType = handle.open(options.interfaceName, options.filter, bufferSize, buffer, { immediate: true, batch: true });
  } catch (error) {
    const problem = classifyCaptureError(error);
    if (problem.problem?.code === 'no-privilege') privilegeRefusal = problem;
    return { problem };
  }
  if (linkType !== 'ETHERNET') {
    handle.close();
    return {
      problem: {
        available: false,
        problem: {
          code: 'open-failed',
          message: `${options.interfaceName} is not an Ethernet interface (link type ${linkType}), so ARP cannot be used on it.`,
          fix: 'Choose an Ethernet or Wi-Fi interface, or scan with the connect method.',
        },
      },
    };
  }
  let closed = false;
  return {
    link: {
      send: (frame, length) => handle.send(frame, length),
      onFrame: (handler) => {
        handle.on('packets', (count, bytes) => {
          let at = 0;
          for (let i = 0; i < count && at + BATCH_HEADER_BYTES <= bytes; i++) {
            const length = buffer.readUInt32LE(at + 8);
            const start = at + BATCH_HEADER_BYTES;
            handler(buffer.subarray(start, start + length), length);
            at = start + length;
          }
        });
      },
      close: () => {
        if (closed) return;
        closed = true;
        handle.close();
      },
    },
  };
}
