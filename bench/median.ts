// The one summary every benchmark prints: the middle run, so one run disturbed by the machine
// neither raises nor lowers the figure.

/** The median of `values` (the upper middle one when their count is even). */
export function median(values: number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
}
