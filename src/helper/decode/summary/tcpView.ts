/**
 * How a TCP segment is numbered in the packet list and details, as Wireshark does by default:
 * sequence and acknowledgment numbers relative to each direction's base, and the window scaled.
 */
export interface TcpView {
  /** the base of the sender's sequence numbers, -1 when unknown (absolute numbers are shown) */
  seqBase: number;
  /** the base of the receiver's sequence numbers (what the acknowledgment number counts), -1 when unknown */
  ackBase: number;
  /** the sender's window scale shift, -1 when unknown or not scaled (the window is shown as sent) */
  windowShift: number;
}

const TWO_32 = 2 ** 32;

/** `value` counted from `base` (mod 2^32), or `value` itself when the base is unknown. */
export function relativeTo(value: number, base: number): number {
  return base < 0 ? value : (value - base + TWO_32) % TWO_32;
}

/** The window the segment offers, in bytes: the field shifted by the sender's scale (never a SYN's). */
export function calculatedWindow(window: number, isSyn: boolean, view: TcpView | undefined): number {
  return !view || isSyn || view.windowShift < 0 ? window : window * 2 ** view.windowShift;
}
