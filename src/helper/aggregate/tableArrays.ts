// The typed arrays a table keeps its rows in (see RowIndex): grown by copying, and its hash index's size.

type Typed = Int8Array | Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array;

/** a copy of `array` with room for `length` elements */
export function grown<T extends Typed>(array: T, length: number): T {
  const copy = new (array.constructor as new (length: number) => T)(length);
  copy.set(array);
  return copy;
}

/** a power of two at least twice `rows`, so probe runs stay short */
export function indexSize(rows: number): number {
  let size = 16;
  while (size < rows * 2) size *= 2;
  return size;
}
