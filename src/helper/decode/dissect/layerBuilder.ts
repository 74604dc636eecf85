import type { PacketLayer } from '../../../shared/model/traffic';
import { u16, u32 } from '../bytes';

/**
 * Collects the layers of one dissection. Offsets given to it are positions in the capture buffer;
 * it stores them relative to the frame's first byte, and drops any field that does not lie wholly
 * within the captured bytes, so a truncated or hostile frame never shows bytes it does not have.
 */
export class LayerBuilder {
  readonly layers: PacketLayer[] = [];
  constructor(
    readonly data: Uint8Array,
    /** buffer position of the frame's first byte */
    readonly frame: number,
    /** buffer position one past the last captured byte */
    readonly end: number,
  ) {}

  /** Starts a layer covering `at..at+length` (clamped to the captured bytes). */
  layer(name: string, title: string, at: number, length: number): PacketLayer {
    const start = Math.max(this.frame, Math.min(at, this.end));
    const stop = Math.max(start, Math.min(at + length, this.end));
    const layer: PacketLayer = { name, title, offset: start - this.frame, length: stop - start, fields: [] };
    this.layers.push(layer);
    return layer;
  }

  /** The bytes `at..at+length` were captured. */
  has(at: number, length: number): boolean {
    return at >= this.frame && length >= 0 && at + length <= this.end;
  }

  /** Adds a field over `at..at+length` if those bytes were captured; `value` is only computed then. */
  field(layer: PacketLayer, name: string, at: number, length: number, value: () => string | number): void {
    if (!this.has(at, length)) return;
    layer.fields.push({ name, value: String(value()), offset: at - this.frame, length });
  }

  /** Adds a field that is not tied to bytes (a value the decoder derived). */
  note(layer: PacketLayer, name: string, value: string | number): void {
    layer.fields.push({ name, value: String(value) });
  }

  /** Adds a note for each `[name, value]` whose value is not '' (fields a decoder did not find). */
  notes(layer: PacketLayer, fields: readonly (readonly [string, string | number])[]): void {
    for (const [name, value] of fields) if (value !== '') this.note(layer, name, value);
  }

  u8 = (at: number): number => this.data[at]!;
  u16 = (at: number): number => u16(this.data, at);
  u32 = (at: number): number => u32(this.data, at);
}

/** `0x0800`-style hex of a number with `digits` digits. */
export function hexOf(value: number, digits: number): string {
  return `0x${value.toString(16).padStart(digits, '0')}`;
}

/** Bytes `at..at+length` as lower-case hex without separators, as tshark prints bytes fields. */
export function hexBytes(data: Uint8Array, at: number, length: number): string {
  let text = '';
  for (let i = 0; i < length; i++) text += (data[at + i] ?? 0).toString(16).padStart(2, '0');
  return text;
}
