// What Wireshark needs to number a TCP segment as it does by default: each direction's base
// sequence number (relative sequence numbers) and window scale shift (the calculated window),
// kept per flow row beside the flow table's counts. Learnt from the packets as they are counted,
// in capture order; a file read in parts keeps the earliest part's bases.
import { grown } from './rowIndex';
import type { TcpView } from '../decode/summary/tcpView';
import { TcpFlag } from '../decode/packet';

/** No window scale known yet (no SYN seen): the window is shown as sent. */
const UNKNOWN = -1;
/** A SYN said the connection does not scale: the window is shown as sent. */
const NOT_SCALED = -2;
const TWO_32 = 2 ** 32;

/** Base sequence numbers and window scales of each flow row, both directions (A: who spoke first). */
export class TcpSequences {
  /** base sequence number per direction, -1 until a segment sets it */
  private baseA = new Float64Array(0);
  private baseB = new Float64Array(0);
  /** window scale shift per direction: 0-14, or UNKNOWN / NOT_SCALED */
  private scaleA = new Int8Array(0);
  private scaleB = new Int8Array(0);

  /** A new flow row: nothing known. */
  reset(slot: number): void {
    this.baseA[slot] = -1;
    this.baseB[slot] = -1;
    this.scaleA[slot] = UNKNOWN;
    this.scaleB[slot] = UNKNOWN;
  }

  /**
   * Learns from one segment of the flow at `slot` sent from A (`fromA`) or B, as Wireshark does: a
   * direction's base is its first segment's sequence number (its SYN's, else one before); the other
   * direction's is one before the first acknowledgment number seen, until it sends itself. A SYN
   * with a new sequence number on a known flow starts a new connection (ports reused).
   */
  note(slot: number, fromA: boolean, flags: number, seq: number, ack: number, windowScale: number): void {
    // Picked without an array of the four: this runs for every TCP segment counted.
    const fwdBase = fromA ? this.baseA : this.baseB;
    const revBase = fromA ? this.baseB : this.baseA;
    const syn = (flags & TcpFlag.Syn) !== 0;
    const acks = (flags & TcpFlag.Ack) !== 0;
    if (syn && !acks && fwdBase[slot]! >= 0 && fwdBase[slot] !== seq) this.reset(slot);
    if (fwdBase[slot]! < 0) fwdBase[slot] = syn ? seq : (seq - 1 + TWO_32) % TWO_32;
    if (revBase[slot]! < 0 && acks) revBase[slot] = (ack - 1 + TWO_32) % TWO_32;
    if (!syn) return;
    const fwdScale = fromA ? this.scaleA : this.scaleB;
    const revScale = fromA ? this.scaleB : this.scaleA;
    // Scaling holds only when both SYNs offered it (RFC 7323), as Wireshark decides.
    if (windowScale >= 0) fwdScale[slot] = Math.min(windowScale, 14);
    else fwdScale[slot] = NOT_SCALED;
    if (fwdScale[slot] === NOT_SCALED) revScale[slot] = NOT_SCALED;
    else if (acks && revScale[slot] === NOT_SCALED) fwdScale[slot] = NOT_SCALED;
  }

  /** How a segment of the flow at `slot`, sent from A or B, is numbered. */
  view(slot: number, fromA: boolean): TcpView {
    const seqBase = fromA ? this.baseA[slot]! : this.baseB[slot]!;
    const ackBase = fromA ? this.baseB[slot]! : this.baseA[slot]!;
    const scale = fromA ? this.scaleA[slot]! : this.scaleB[slot]!;
    return { seqBase, ackBase, windowShift: scale >= 0 ? scale : -1 };
  }

  /** the arrays as plain data, to move to another thread */
  segment(): TcpSequenceSegment {
    return { baseA: this.baseA, baseB: this.baseB, scaleA: this.scaleA, scaleB: this.scaleB };
  }

  /**
   * Folds in row `from` of a later part as row `to` here, turned round when that part saw the other
   * end speak first (`same` false): what this part learnt first stays.
   */
  absorb(part: TcpSequenceSegment, from: number, to: number, created: boolean, same: boolean): void {
    const take = <T extends Float64Array | Int8Array>(mine: T, theirs: T, unset: number) => {
      if (created || mine[to] === unset) mine[to] = theirs[from]!;
    };
    take(this.baseA, same ? part.baseA : part.baseB, -1);
    take(this.baseB, same ? part.baseB : part.baseA, -1);
    take(this.scaleA, same ? part.scaleA : part.scaleB, UNKNOWN);
    take(this.scaleB, same ? part.scaleB : part.scaleA, UNKNOWN);
  }

  grow(capacity: number): void {
    this.baseA = grown(this.baseA, capacity);
    this.baseB = grown(this.baseB, capacity);
    this.scaleA = grown(this.scaleA, capacity);
    this.scaleB = grown(this.scaleB, capacity);
  }
}

/** TcpSequences as plain data (see `TcpSequences.segment`). */
export interface TcpSequenceSegment {
  baseA: Float64Array;
  baseB: Float64Array;
  scaleA: Int8Array;
  scaleB: Int8Array;
}
