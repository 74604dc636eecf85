import { BATCH_HEADER_BYTES, classifyCaptureError, loadCap } from './nativeCap';
import { openPacketHandle } from './packetHandle';
import type { PacketHandle } from './packetHandle';
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
// opened, until a grant changes what this process may use (forgetPrivilegeRefusal).
let privilegeRefusal: CaptureStatus | undefined;

/** A grant or revoke happened: the next raw link tries again. */
export function forgetPrivilegeRefusal(): void {
  privilegeRefusal = undefined;
}

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

/** Opens a libpcap handle (in this process or through lanlens-capd) on an Ethernet interface, or says why it cannot. */
export async function openRawLink(options: RawLinkOptions): Promise<{ link: FrameLink } | { problem: CaptureStatus }> {
  const loaded = loadCap();
  if (!loaded.module) return { problem: loaded.status };
  if (privilegeRefusal) return { problem: privilegeRefusal };
  let handle: PacketHandle;
  try {
    // Immediate: a reply is handed over as soon as it is in, batched with whatever else came with it.
    handle = await openPacketHandle({
      device: options.interfaceName,
      filter: options.filter,
      bufferSize: options.bufferSize ?? 4 * 1024 * 1024,
      immediate: true,
      batchBytes: BATCH_BYTES,
    });
  } catch (error) {
    const problem = classifyCaptureError(error);
    if (problem.problem?.code === 'no-privilege') privilegeRefusal = problem;
    return { problem };
  }
  if (handle.linkName !== 'ETHERNET') {
    await handle.close();
    return {
      problem: {
        available: false,
        problem: {
          code: 'open-failed',
          message: `${options.interfaceName} is not an Ethernet interface (link type ${handle.linkName}), so ARP cannot be used on it.`,
          fix: 'Choose an Ethernet or Wi-Fi interface, or scan with the connect method.',
        },
      },
    };
  }
  return { link: frameLink(handle) };
}

function frameLink(handle: PacketHandle): FrameLink {
  let closed = false;
  return {
    send: (frame, length) => handle.send(frame, length),
    onFrame: (handler) => {
      handle.onPackets((batch, count) => {
        let at = 0;
        for (let i = 0; i < count && at + BATCH_HEADER_BYTES <= batch.length; i++) {
          const length = batch.readUInt32LE(at + 8);
          const start = at + BATCH_HEADER_BYTES;
          handler(batch.subarray(start, start + length), length);
          at = start + length;
        }
      });
    },
    close: () => {
      if (closed) return;
      closed = true;
      void handle.close();
    },
  };
}
