// One packet dissected: its layers as expandable sections of fields (Wireshark's details pane)
// and its bytes in hex and ASCII, where the chosen field's or layer's bytes are highlighted.
// Everything from the packet is set as text.
import type { PacketDetail, PacketLayer, PacketSummary } from '../../shared/model/traffic';
import { el, setClass, setText } from '../common/dom';
import { asciiChar, bytesPerLine, decodeBase64, hexByte, lineCount, maxDumpBytes, offsetLabel } from './hexDump';

type Range = { offset: number; length: number } | undefined;

export class PacketDetailView {
  readonly element: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly layers: HTMLElement;
  private readonly hex: HTMLElement;
  private readonly note: HTMLElement;
  /** one hex and one ASCII cell per byte, for highlighting */
  private hexCells: HTMLElement[] = [];
  private asciiCells: HTMLElement[] = [];
  private highlighted: Range;

  constructor() {
    this.heading = el('h3', { className: 'detail-heading', text: 'Select a packet to see its layers and bytes.' });
    this.layers = el('div', { className: 'layers', attrs: { role: 'group', 'aria-label': 'Packet layers' } });
    this.hex = el('div', { className: 'hex-dump', attrs: { role: 'group', 'aria-label': 'Packet bytes' } });
    this.note = el('p', { className: 'detail-note' });
    this.element = el('section', {
      className: 'packet-detail',
      attrs: { 'aria-label': 'Packet details' },
      children: [this.heading, el('div', { className: 'detail-panes', children: [this.layers, this.hex] }), this.note],
    });
  }

  clear(): void {
    setText(this.heading, 'Select a packet to see its layers and bytes.');
    this.layers.replaceChildren();
    this.hex.replaceChildren();
    setText(this.note, '');
    this.hexCells = [];
    this.asciiCells = [];
  }

  loading(packet: PacketSummary): void {
    setText(this.heading, `Frame ${packet.index}: loading…`);
  }

  failed(packet: PacketSummary, error: unknown): void {
    this.clear();
    const message = error instanceof Error ? error.message : String(error);
    const fix = (error as { fix?: unknown }).fix;
    setText(this.heading, `Frame ${packet.index}: no details`);
    setText(this.note, typeof fix === 'string' ? `${message} ${fix}` : message);
  }

  show(detail: PacketDetail): void {
    const { summary } = detail;
    setText(
      this.heading,
      `Frame ${summary.index}: ${summary.length} bytes on wire, ${summary.capturedLength} captured · ${summary.protocol} · ${summary.info}`,
    );
    this.layers.replaceChildren(...detail.layers.map((layer) => this.layer(layer)));
    const bytes = decodeBase64(detail.bytesBase64);
    this.dump(bytes);
    setText(
      this.note,
      bytes.length > maxDumpBytes ? `Showing the first ${maxDumpBytes} of ${bytes.length} bytes.` : '',
    );
  }

  private layer(layer: PacketLayer): HTMLElement {
    const summary = el('summary', { text: layer.title });
    const range = { offset: layer.offset, length: layer.length };
    summary.addEventListener('focus', () => this.highlight(range));
    summary.addEventListener('click', () => this.highlight(range));
    const fields = el('ul', {
      className: 'fields',
      children: layer.fields.map((field) => {
        const text = `${field.name}: ${field.value}`;
        const item = el('button', { className: 'field', text, title: text, attrs: { type: 'button' } });
        const fieldRange =
          field.offset !== undefined && field.length !== undefined
            ? { offset: field.offset, length: field.length }
            : range;
        item.addEventListener('focus', () => this.highlight(fieldRange));
        item.addEventListener('click', () => this.highlight(fieldRange));
        return el('li', { children: [item] });
      }),
    });
    const details = el('details', {
      className: `layer layer-${layer.name.replace(/[^a-z0-9]/gi, '')}`,
      children: [summary, fields],
    });
    details.open = true;
    return details;
  }

  private dump(bytes: Uint8Array): void {
    const shown = Math.min(bytes.length, maxDumpBytes);
    const lines: HTMLElement[] = [];
    this.hexCells = [];
    this.asciiCells = [];
    for (let line = 0; line < lineCount(bytes.length); line++) {
      const hexPart = el('span', { className: 'hex' });
      const asciiPart = el('span', { className: 'ascii' });
      for (let i = line * bytesPerLine; i < Math.min(shown, (line + 1) * bytesPerLine); i++) {
        const byte = bytes[i]!;
        const hexCell = el('span', { text: hexByte(byte) });
        const asciiCell = el('span', { text: asciiChar(byte) });
        hexPart.append(hexCell);
        asciiPart.append(asciiCell);
        this.hexCells.push(hexCell);
        this.asciiCells.push(asciiCell);
      }
      lines.push(
        el('div', {
          className: 'hex-line',
          children: [
            el('span', { className: 'offset', text: offsetLabel(line * bytesPerLine, bytes.length) }),
            hexPart,
            asciiPart,
          ],
        }),
      );
    }
    this.hex.replaceChildren(...lines);
    this.highlighted = undefined;
  }

  /** Marks the bytes of a field or layer. */
  private highlight(range: Range): void {
    const mark = (r: Range, on: boolean) => {
      if (!r) return;
      const end = Math.min(r.offset + r.length, this.hexCells.length);
      for (let i = Math.max(0, r.offset); i < end; i++) {
        setClass(this.hexCells[i]!, 'hl', on);
        setClass(this.asciiCells[i]!, 'hl', on);
      }
    };
    mark(this.highlighted, false);
    this.highlighted = range;
    mark(range, true);
    if (range && this.hexCells[range.offset]) this.hexCells[range.offset]!.scrollIntoView({ block: 'nearest' });
  }
}
