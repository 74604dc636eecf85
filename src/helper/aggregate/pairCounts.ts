/**
 * Packets and bytes each way between a row's two ends, A (who was seen sending first) and B, with
 * the first and last time seen: what the flow and conversation tables keep per row.
 */
export interface PairCounts {
  /** 1 when A is the end whose address (and port) sorts first in the row's key */
  aIsLow: Uint8Array;
  packetsAtoB: Float64Array;
  bytesAtoB: Float64Array;
  packetsBtoA: Float64Array;
  bytesBtoA: Float64Array;
  firstSeen: Float64Array;
  lastSeen: Float64Array;
}

/**
 * Folds row `from` of the part of a capture that came later into row `to`: a row new here takes
 * the part's counts as they are; a known one adds them, turned round when the part saw the other
 * end send first. The last time seen is the part's.
 */
export function foldPairCounts(into: PairCounts, to: number, part: PairCounts, from: number, created: boolean): void {
  if (created) {
    into.aIsLow[to] = part.aIsLow[from]!;
    into.packetsAtoB[to] = part.packetsAtoB[from]!;
    into.bytesAtoB[to] = part.bytesAtoB[from]!;
    into.packetsBtoA[to] = part.packetsBtoA[from]!;
    into.bytesBtoA[to] = part.bytesBtoA[from]!;
    into.firstSeen[to] = part.firstSeen[from]!;
  } else {
    const same = into.aIsLow[to] === part.aIsLow[from];
    into.packetsAtoB[to] = into.packetsAtoB[to]! + (same ? part.packetsAtoB[from]! : part.packetsBtoA[from]!);
    into.bytesAtoB[to] = into.bytesAtoB[to]! + (same ? part.bytesAtoB[from]! : part.bytesBtoA[from]!);
    into.packetsBtoA[to] = into.packetsBtoA[to]! + (same ? part.packetsBtoA[from]! : part.packetsAtoB[from]!);
    into.bytesBtoA[to] = into.bytesBtoA[to]! + (same ? part.bytesBtoA[from]! : part.bytesAtoB[from]!);
  }
  into.lastSeen[to] = part.lastSeen[from]!;
}
