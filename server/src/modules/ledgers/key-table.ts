/**
 * Where each row key of an import was first seen (import.reading.ts, duplicates within the file),
 * in typed arrays instead of a `Map<string, number>`: an open-addressing hash table over a byte
 * arena. A million 18-character ID numbers take 56 MB of typed arrays here (42 MB of it written),
 * outside the JavaScript heap (nothing for the garbage collector to walk), against about 120 MB of
 * heap for a Map of their strings.
 *
 * Exact: keys are compared in full, so two keys whose hashes collide are never taken for one.
 * A key is stored as its UTF-16 code units, one byte for each below 0x80 and three (0x80, high,
 * low) for the others: an injective encoding, so equal bytes mean equal strings (lone
 * surrogates included, which UTF-8 would turn into U+FFFD).
 */
export class KeyTable {
  /** The keys' bytes, back to back: entry i is arena[starts[i] … starts[i + 1]). */
  private arena = new Uint8Array(16 * 1024);
  private starts = new Uint32Array(1024 + 1);
  private hashes = new Uint32Array(1024);
  private values = new Float64Array(1024);
  /** Open addressing, linear probing: entry index + 1, 0 where free. At most half full. */
  private slots = new Int32Array(2048);
  private count = 0;
  /** The key being looked up, encoded. */
  private scratch = new Uint8Array(256);
  private scratchLength = 0;
  /** The hash of the key being looked up. */
  private keyHash = 0;

  private readonly hash: (bytes: Uint8Array, length: number) => number;
  private readonly maxBytes: number;

  /**
   * `maxBytes`: growing beyond it throws (the import fails, saying so). `hash` only for tests, to
   * force collisions: a 32-bit unsigned function of the encoded key.
   */
  constructor(options: { maxBytes?: number; hash?: (bytes: Uint8Array, length: number) => number } = {}) {
    this.hash = options.hash ?? fnv1a;
    this.maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  }

  get size(): number {
    return this.count;
  }

  /** The value of `key` if it is in the table; otherwise adds it with `value` and answers undefined. */
  addIfAbsent(key: string, value: number): number | undefined {
    const slot = this.slotOf(key);
    const e = this.slots[slot];
    if (e !== 0) return this.values[e - 1];
    this.append(this.keyHash, value);
    this.slots[slot] = this.count;
    if (this.count * 2 > this.slots.length) this.rehash(this.slots.length * 2);
    return undefined;
  }

  /** The value of `key`, or undefined. */
  get(key: string): number | undefined {
    const e = this.slots[this.slotOf(key)];
    return e === 0 ? undefined : this.values[e - 1];
  }

  /** Encodes `key` and finds its slot: the one holding it, or the free one where it would go. */
  private slotOf(key: string): number {
    this.encode(key);
    const h = this.hash(this.scratch, this.scratchLength) >>> 0;
    this.keyHash = h;
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = this.slots[slot];
      if (e === 0 || (this.hashes[e - 1] === h && this.sameKey(e - 1))) return slot;
    }
  }

  /** Bytes held by the typed arrays. */
  get bytes(): number {
    return (
      this.arena.byteLength +
      this.starts.byteLength +
      this.hashes.byteLength +
      this.values.byteLength +
      this.slots.byteLength +
      this.scratch.byteLength
    );
  }

  private encode(key: string) {
    const n = key.length;
    if (this.scratch.length < n * 3) this.scratch = new Uint8Array(Math.max(n * 3, this.scratch.length * 2));
    const out = this.scratch;
    let j = 0;
    for (let i = 0; i < n; i++) {
      const c = key.charCodeAt(i);
      if (c < 0x80) out[j++] = c;
      else {
        out[j++] = 0x80;
        out[j++] = c >>> 8;
        out[j++] = c & 0xff;
      }
    }
    this.scratchLength = j;
  }

  private sameKey(entry: number): boolean {
    const start = this.starts[entry];
    const length = this.scratchLength;
    if (this.starts[entry + 1] - start !== length) return false;
    const arena = this.arena;
    const key = this.scratch;
    for (let i = 0; i < length; i++) if (arena[start + i] !== key[i]) return false;
    return true;
  }

  private append(h: number, value: number) {
    const entry = this.count;
    if (entry === this.hashes.length) {
      const capacity = entry * 2;
      this.checkGrowth(entry * (4 + 8 + 4));
      this.hashes = grown(this.hashes, new Uint32Array(capacity));
      this.values = grown(this.values, new Float64Array(capacity));
      this.starts = grown(this.starts, new Uint32Array(capacity + 1));
    }
    const start = this.starts[entry];
    const end = start + this.scratchLength;
    if (end > 0xffffffff) throw new Error('KeyTable: more than 4 GB of keys');
    if (end > this.arena.length) {
      let size = this.arena.length * 2;
      while (size < end) size *= 2;
      this.checkGrowth(size - this.arena.length);
      this.arena = grown(this.arena, new Uint8Array(size));
    }
    this.arena.set(this.scratch.subarray(0, this.scratchLength), start);
    this.starts[entry + 1] = end;
    this.hashes[entry] = h;
    this.values[entry] = value;
    this.count = entry + 1;
  }

  private checkGrowth(more: number) {
    if (this.bytes + more > this.maxBytes)
      throw new Error(
        `The import needed more than ${Math.round(this.maxBytes / 2 ** 20)} MB of memory for its rows' keys`,
      );
  }

  private rehash(size: number) {
    this.checkGrowth((size - this.slots.length) * 4);
    const slots = new Int32Array(size);
    const mask = size - 1;
    for (let entry = 0; entry < this.count; entry++) {
      let slot = this.hashes[entry] & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry + 1;
    }
    this.slots = slots;
  }
}

function grown<T extends Uint8Array | Uint32Array | Float64Array>(from: T, to: T): T {
  to.set(from as never);
  return to;
}

/** FNV-1a over the bytes, then murmur3's finaliser so that the low bits (the slot) are well mixed. */
function fnv1a(bytes: Uint8Array, length: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < length; i++) h = Math.imul(h ^ bytes[i], 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
