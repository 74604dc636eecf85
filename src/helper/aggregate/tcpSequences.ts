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

// Each flow row's four numbers, together (a segment touches one line of them): the base sequence
// number each way (-1 until a segment sets it), then the window scale shift each way (0-14, or
// UNKNOWN / NOT_SCALED). A's come first; B's are A's + 1.
const BASE_A = 0;
const SCALE_A = 2;
const STRIDE = 4;

/** Base sequence numbers and window scales of each flow row, both directions (A: who spoke first). */
export class TcpSequences {
  private values = new Float64Array(0);

  /** A new flow row: nothing known. */
  reset(slot: number): void {
    const values = this.values;
    const row = slot * STRIDE;
    values[row + BASE_A] = -1;
    values[row + BASE_A + 1] = -1;
    values[row + SCALE_A] = UNKNOWN;
    values[row + SCALE_A + 1] = UNKNOWN;
  }

  /**
   * Learns from one segment of the flow at `slot` sent from A (`fromA`) or B, as Wireshark does: a
   * direction's base is its first segment's sequence number (its SYN's, else one before); the other
   * direction's is one before the first acknowledgment number seen, until it sends itself. A SYN
   * with a new sequence number on a known flow starts a new connection (ports reused).
   */
  note(slot: number, fromA: boolean, flags: number, seq: number, ack: number, windowScale: number): void {
    const values = this.values;
    const row = slot * STRIDE;
    // This direction's number at `row + fwd`, the other's at `row + rev` (bases; scales two on).
    const fwd = fromA ? 0 : 1;
    const rev = 1 - fwd;
    const syn = (flags & TcpFlag.Syn) !== 0;
    const acks = (flags & TcpFlag.Ack) !== 0;
    if (syn && !acks && values[row + fwd]! >= 0 && values[row + fwd] !== seq) this.reset(slot);
    if (values[row + fwd]! < 0) values[row + fwd] = syn ? seq : (seq - 1 + TWO_32) % TWO_32;
    if (values[row + rev]! < 0 && acks) values[row + rev] = (ack - 1 + TWO_32) % TWO_32;
    if (!syn) return;
    const fwdScale = row + SCALE_A + fwd;
    const revScale = row + SCALE_A + rev;
    // Scaling holds only when both SYNs offered it (RFC 7323), as Wireshark decides.
    if (windowScale >= 0) values[fwdScale] = Math.min(windowScale, 14);
    else values[fwdScale] = NOT_SCALED;
    if (values[fwdScale] === NOT_SCALED) values[revScale] = NOT_SCALED;
    else if (acks && values[revScale] === NOT_SCALED) values[fwdScale] = NOT_SCALED;
  }

  /** How a segment of the flow at `slot`, sent from A or B, is numbered. */
  view(slot: number, fromA: boolean): TcpView {
    const values = this.values;
    const row = slot * STRIDE;
    const fwd = fromA ? 0 : 1;
    const seqBase = values[row + BASE_A + fwd]!;
    const ackBase = values[row + BASE_A + 1 - fwd]!;
    const scale = values[row + SCALE_A + fwd]!;
    return { seqBase, ackBase, windowShift: scale >= 0 ? scale : -1 };
  }

  /** the numbers as plain data, to move to another thread */
  segment(): TcpSequenceSegment {
    return { values: this.values };
  }

  /**
   * Folds in row `from` of a later part as row `to` here, turned round when that part saw the other
   * end speak first (`same` false): what this part learnt first stays.
   */
  absorb(part: TcpSequenceSegment, from: number, to: number, created: boolean, same: boolean): void {
    const mine = this.values;
    const theirs = part.values;
    const here = to * STRIDE;
    const there = from * STRIDE;
    // Each of the four numbers here, and where the part keeps it (A's and B's swapped when not `same`).
    for (const field of [BASE_A, SCALE_A]) {
      for (let side = 0; side < 2; side++) {
        const unset = field === BASE_A ? -1 : UNKNOWN;
        const at = here + field + side;
        if (created || mine[at] === unset) mine[at] = theirs[there + field + (same ? side : 1 - side)]!;
      }
    }
  }

  grow(capacity: number): void {
    this.values = grown(this.values, capacity * STRIDE);
  }
}

/** TcpSequences as plain data (see `TcpSequences.segment`). */
export interface TcpSequenceSegment {
  /** four numbers a flow row, as `TcpSequences` lays them out */
  values: Float64Array;
}
