// The little BSON the MongoDB probe needs: one flat document out (int32 and string fields) and the
// top-level string and number fields of the answer back. The `bson` package would add its whole
// codec to the helper bundle for two fields, so this walks the bytes instead, refusing anything odd.

/** Encodes a flat document of int32 and string fields. */
export function encodeBson(fields: Record<string, number | string>): Buffer {
  const parts: Buffer[] = [];
  for (const [key, value] of Object.entries(fields)) {
    const name = Buffer.from(`${key}\0`, 'utf8');
    if (typeof value === 'number') {
      const number = Buffer.alloc(4);
      number.writeInt32LE(value);
      parts.push(Buffer.of(0x10), name, number);
    } else {
      const text = Buffer.from(`${value}\0`, 'utf8');
      const length = Buffer.alloc(4);
      length.writeInt32LE(text.length);
      parts.push(Buffer.of(0x02), name, length, text);
    }
  }
  const body = Buffer.concat(parts);
  const size = Buffer.alloc(4);
  size.writeInt32LE(body.length + 5);
  return Buffer.concat([size, body, Buffer.of(0)]);
}

/** Fixed sizes of BSON element types that are skipped without reading them (double, bool, dates, ints…). */
const fixedSizes: Record<number, number> = {
  0x01: 8,
  0x07: 12,
  0x08: 1,
  0x09: 8,
  0x0a: 0,
  0x10: 4,
  0x11: 8,
  0x12: 8,
  0x13: 16,
  0xff: 0,
  0x7f: 0,
};

/**
 * The top-level string, int and double fields of the BSON document at `offset`; nested documents
 * and binaries are skipped. Undefined when the bytes are not a well-formed document.
 */
export function readBsonFields(data: Buffer, offset = 0): Map<string, string | number> | undefined {
  if (offset + 5 > data.length) return undefined;
  const size = data.readInt32LE(offset);
  const end = offset + size;
  if (size < 5 || end > data.length || data[end - 1] !== 0) return undefined;
  const fields = new Map<string, string | number>();
  let at = offset + 4;
  while (at < end - 1) {
    const type = data[at++]!;
    const nameEnd = data.indexOf(0, at);
    if (nameEnd < 0 || nameEnd >= end) return undefined;
    const name = data.subarray(at, nameEnd).toString('utf8');
    at = nameEnd + 1;
    if (type === 0x02 || type === 0x0d || type === 0x0e) {
      if (at + 4 > end) return undefined;
      const length = data.readInt32LE(at);
      if (length < 1 || at + 4 + length > end) return undefined;
      if (type === 0x02) fields.set(name, data.subarray(at + 4, at + 4 + length - 1).toString('utf8'));
      at += 4 + length;
    } else if (type === 0x03 || type === 0x04) {
      if (at + 4 > end) return undefined;
      const length = data.readInt32LE(at);
      if (length < 5 || at + length > end) return undefined;
      at += length;
    } else if (type === 0x05) {
      if (at + 5 > end) return undefined;
      const length = data.readInt32LE(at);
      if (length < 0 || at + 5 + length > end) return undefined;
      at += 5 + length;
    } else if (fixedSizes[type] !== undefined) {
      if (at + fixedSizes[type] > end) return undefined;
      if (type === 0x10) fields.set(name, data.readInt32LE(at));
      else if (type === 0x01) fields.set(name, data.readDoubleLE(at));
      at += fixedSizes[type];
    } else {
      return undefined; // a type this walker does not know: stop rather than guess its size
    }
  }
  return fields;
}
