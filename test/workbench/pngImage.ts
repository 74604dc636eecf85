// Reads a PNG file the way a viewer must, for tests that check an exported image: the signature,
// every chunk's CRC, the header, and the image data inflated to exactly the rows the header says.
import { crc32, inflateSync } from 'node:zlib';

/** What a valid PNG holds. */
export interface PngImage {
  width: number;
  height: number;
  bitDepth: number;
  /** 0 grey, 2 RGB, 3 palette, 4 grey and alpha, 6 RGBA */
  colorType: number;
  /** the filtered scanlines, each one filter byte then the row */
  scanlines: Buffer;
  /** how many distinct rows the image has (1: one flat colour everywhere, nothing drawn) */
  distinctRows: number;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/** Parses `bytes` as a PNG; throws naming what is wrong. */
export function readPng(bytes: Buffer): PngImage {
  if (!bytes.subarray(0, 8).equals(SIGNATURE))
    throw new Error(`not a PNG signature: ${bytes.subarray(0, 8).toString('hex')}`);
  let offset = 8;
  let header: Omit<PngImage, 'scanlines' | 'distinctRows'> | undefined;
  const data: Buffer[] = [];
  let ended = false;
  while (offset < bytes.length && !ended) {
    if (offset + 12 > bytes.length) throw new Error(`a chunk cut at byte ${offset}`);
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 8 + length;
    if (end + 4 > bytes.length) throw new Error(`chunk ${type} at byte ${offset} runs past the file`);
    const crc = bytes.readUInt32BE(end);
    if (crc32(bytes.subarray(offset + 4, end)) !== crc) throw new Error(`chunk ${type} at byte ${offset}: bad CRC`);
    const body = bytes.subarray(offset + 8, end);
    if (type === 'IHDR') {
      header = {
        width: body.readUInt32BE(0),
        height: body.readUInt32BE(4),
        bitDepth: body[8],
        colorType: body[9],
      };
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') ended = true;
    offset = end + 4;
  }
  if (!header) throw new Error('no IHDR chunk');
  if (!ended) throw new Error('no IEND chunk');
  const channels = CHANNELS[header.colorType];
  if (!channels) throw new Error(`colour type ${header.colorType}`);
  const scanlines = inflateSync(Buffer.concat(data));
  const stride = 1 + Math.ceil((header.width * channels * header.bitDepth) / 8);
  if (scanlines.length !== stride * header.height) {
    throw new Error(
      `${scanlines.length} bytes of image data for ${header.width}×${header.height}: ${stride * header.height} expected`,
    );
  }
  // Rows are compared unfiltered by their bytes: a flat image filters to identical rows after the first.
  const rows = new Set<string>();
  for (let row = 1; row < header.height; row++) {
    rows.add(scanlines.toString('latin1', row * stride, (row + 1) * stride));
  }
  return { ...header, scanlines, distinctRows: rows.size };
}
