import type { TcpState } from '../../shared/model/traffic';
import { TcpFlag } from '../decode/packet';

/**
 * A flow's TCP state machine, kept as a function rather than a value: for each of the 28 states
 * the flow could have been in before the packets seen so far (connection state × which sides sent
 * FIN), the state those packets lead to. A capture file split into parts read in parallel can then
 * be put back together exactly: the state after both parts is the second part's function applied
 * to the first part's. Every event is idempotent (a SYN after a SYN changes nothing), so only a
 * change of event costs anything: bulk data, one event after another, is a single byte compare.
 */
export const TCP_STATE_CODES = 28;

/** No event yet: the function is still the identity. */
export const NO_EVENT = 255;

const State = { None: 0, SynSent: 1, SynReceived: 2, Established: 3, Closing: 4, Closed: 5, Reset: 6 } as const;
const NAMES: (TcpState | undefined)[] = [
  undefined,
  'syn-sent',
  'syn-received',
  'established',
  'closing',
  'closed',
  'reset',
];

const Event = { Other: 0, Rst: 1, SynAck: 2, Syn: 3, FinFromLow: 4, FinFromHigh: 5 } as const;
const EVENTS = 6;

/** the event a segment with `flags` is; FINs by side (lower or higher endpoint of the flow's key) */
export function tcpEvent(flags: number, fromLow: boolean): number {
  if (flags & TcpFlag.Rst) return Event.Rst;
  if (flags & TcpFlag.Syn) return flags & TcpFlag.Ack ? Event.SynAck : Event.Syn;
  if (flags & TcpFlag.Fin) return fromLow ? Event.FinFromLow : Event.FinFromHigh;
  return Event.Other;
}

/** state × 4 + FINs seen (bit 1: from the lower side, bit 2: from the higher) */
function next(code: number, event: number): number {
  const state = code >> 2;
  const fins = code & 3;
  switch (event) {
    case Event.Rst:
      return State.Reset * 4 + fins;
    case Event.SynAck:
      return state <= State.SynSent ? State.SynReceived * 4 + fins : code;
    case Event.Syn:
      // The same ports again after the connection ended: a new connection in the same flow (tshark's
      // conversation tables keep one row per address and port pair too).
      return state === State.None || state >= State.Closed ? State.SynSent * 4 : code;
    case Event.FinFromLow:
    case Event.FinFromHigh: {
      const seen = fins | (event === Event.FinFromLow ? 1 : 2);
      return (seen === 3 ? State.Closed : State.Closing) * 4 + seen;
    }
    default:
      return state < State.Established ? State.Established * 4 + fins : code;
  }
}

/** NEXT[event × 28 + code]: the code after `event` */
const NEXT = new Uint8Array(EVENTS * TCP_STATE_CODES);
for (let event = 0; event < EVENTS; event++) {
  for (let code = 0; code < TCP_STATE_CODES; code++) NEXT[event * TCP_STATE_CODES + code] = next(code, event);
}

/** The identity function, the starting point of every flow. */
export const IDENTITY = Uint8Array.from({ length: TCP_STATE_CODES }, (_, code) => code);

/** applies `event` to the function at `functions[base…base+27]` */
export function applyTcpEvent(functions: Uint8Array, base: number, event: number): void {
  const row = event * TCP_STATE_CODES;
  for (let i = 0; i < TCP_STATE_CODES; i++) functions[base + i] = NEXT[row + functions[base + i]!]!;
}

/** makes the function at `functions[base…]` run after `earlier[earlierBase…]`: f(x) becomes f(earlier(x)) */
export function composeAfter(
  functions: Uint8Array,
  base: number,
  later: Uint8Array,
  laterBase: number,
  earlier: Uint8Array,
  earlierBase: number,
): void {
  for (let i = 0; i < TCP_STATE_CODES; i++) functions[base + i] = later[laterBase + earlier[earlierBase + i]!]!;
}

/** the state of a flow that started with nothing seen */
export function tcpStateName(functions: Uint8Array, base: number): TcpState | undefined {
  return NAMES[functions[base]! >> 2];
}
