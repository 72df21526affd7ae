/**
 * GB18030 encoding, for writing sample ledgers the way a public security bureau's system exports
 * them. Node decodes GB18030 but does not encode it, so the table is built once by decoding
 * every two-byte sequence (all of GBK: every character a name or an address uses); characters
 * outside it take the four-byte form, found the same way for the Basic Multilingual Plane.
 */
let table: Map<number, number> | null = null;

function twoAndFourByteTable(): Map<number, number> {
  const map = new Map<number, number>();
  const decoder = new TextDecoder('gb18030');
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(Uint8Array.of(lead, trail));
      if (char.length === 1 && char !== '\ufffd' && !map.has(char.charCodeAt(0)))
        map.set(char.charCodeAt(0), (lead << 8) | trail);
    }
  }
  return map;
}

/** Encodes `text` (BMP characters; others are replaced by '?') as GB18030 bytes. */
export function encodeGb18030(text: string): Buffer {
  table ??= twoAndFourByteTable();
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      out.push(code);
      continue;
    }
    const two = table.get(code);
    if (two !== undefined) {
      out.push(two >> 8, two & 0xff);
      continue;
    }
    const four = fourByte(code);
    if (four) out.push(...four);
    else out.push(0x3f);
  }
  return Buffer.from(out);
}

const fourByteCache = new Map<number, number[] | null>();

/** The four-byte sequence for a BMP character, searched once per character by decoding. */
function fourByte(code: number): number[] | null {
  if (fourByteCache.has(code)) return fourByteCache.get(code)!;
  const decoder = new TextDecoder('gb18030');
  let found: number[] | null = null;
  search: for (let b1 = 0x81; b1 <= 0x84; b1++)
    for (let b2 = 0x30; b2 <= 0x39; b2++)
      for (let b3 = 0x81; b3 <= 0xfe; b3++)
        for (let b4 = 0x30; b4 <= 0x39; b4++) {
          if (decoder.decode(Uint8Array.of(b1, b2, b3, b4)).charCodeAt(0) === code) {
            found = [b1, b2, b3, b4];
            break search;
          }
        }
  fourByteCache.set(code, found);
  return found;
}
