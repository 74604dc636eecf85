// Arrow keys walk the graph: from the selected node to the neighbour lying most nearly in the
// arrow's direction (on screen), so the keyboard reaches every node a mouse can.

/** Arrow keys and their directions (screen y grows downward). */
export const ARROWS: Readonly<Record<string, [number, number]>> = {
  ArrowRight: [1, 0],
  ArrowLeft: [-1, 0],
  ArrowUp: [0, -1],
  ArrowDown: [0, 1],
};

/**
 * The neighbour of `from` in direction `[dx, dy]`: the one with the smallest angle to it (within
 * 90°), nearer ones first among equals; -1 when none lies that way.
 */
export function pickNeighbour(
  from: number,
  neighbours: readonly number[],
  positions: Float32Array,
  [dx, dy]: [number, number],
  shown?: Uint8Array,
): number {
  let best = -1;
  let bestScore = Infinity;
  const x = positions[from * 2]!;
  const y = positions[from * 2 + 1]!;
  for (const other of neighbours) {
    if (shown && !shown[other]) continue;
    const ox = positions[other * 2]! - x;
    const oy = positions[other * 2 + 1]! - y;
    const distance = Math.hypot(ox, oy) || 1e-6;
    const cos = (ox * dx + oy * dy) / distance;
    if (cos <= 0) continue;
    const score = (1 - cos) * 1000 + distance / 1000;
    if (score < bestScore) {
      bestScore = score;
      best = other;
    }
  }
  return best;
}
