// kuromoji's feature strings ("surface,pos1,pos2,pos3,pos4,conj.type,conj.form,basic,reading,
// pronunciation", one per dictionary entry: 392,000 of them, 34 MB of UTF-8 in tid_pos.dat) held in
// about 8 MB: the six part-of-speech and conjugation fields come from a table of their 667
// combinations, the basic form and the pronunciation are left out where they repeat the surface
// and the reading (64 % and 81 % of entries), and each character costs one byte for kana and two for
// the others (UTF-8 takes three). kuromoji reads only the features of the tokens it returns, so
// decoding one string per token costs nothing that shows.
type Buffer8 = Uint8Array<ArrayBuffer>;

const KANA_FROM = 0x3040; // hiragana and katakana, U+3040…U+30FF: one byte, 1…192
const KANA_COUNT = 192;
const WIDE = KANA_COUNT + 1; // first lead byte of a two-byte code: (lead − WIDE) · 256 + next byte
const MAX_WIDE = (256 - WIDE) * 256;
const FIELDS = 10;

const SAME_BASIC = 1; // the basic form is the surface
const SAME_PRON = 2; // the pronunciation is the reading
const WHOLE = 4; // not ten fields: the whole string, as written

/** Features by the offset kuromoji's token records point at (their pos_id). */
export interface FeatureStore {
  getString(offset: number): string;
}

/** UTF-8 bytes → UTF-16 code units, as kuromoji's own decoder reads them (4-byte sequences become pairs). */
function decodeUtf8(bytes: Uint8Array, from: number, to: number, out: Uint16Array): number {
  let n = 0;
  for (let i = from; i < to;) {
    const b = bytes[i];
    let cp: number;
    if (b < 0x80) { cp = b; i += 1; }
    else if (b < 0xe0) { cp = ((b & 0x1f) << 6) | (bytes[i + 1] & 0x3f); i += 2; }
    else if (b < 0xf0) { cp = ((b & 0x0f) << 12) | ((bytes[i + 1] & 0x3f) << 6) | (bytes[i + 2] & 0x3f); i += 3; }
    else {
      cp = ((b & 0x07) << 18) | ((bytes[i + 1] & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f);
      i += 4;
    }
    if (cp > 0xffff) {
      cp -= 0x10000;
      out[n++] = 0xd800 + (cp >> 10);
      out[n++] = 0xdc00 + (cp & 0x3ff);
    } else out[n++] = cp;
  }
  return n;
}

class Writer {
  bytes: Buffer8 = new Uint8Array(12 * 1024 * 1024);
  length = 0;
  readonly wide: number[] = []; // code unit of each two-byte code
  private readonly wideCode = new Int32Array(0x10000).fill(-1); // code unit → its code

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    const grown = new Uint8Array(this.bytes.length * 2);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  byte(b: number): void {
    this.room(1);
    this.bytes[this.length++] = b;
  }

  /** Code units [from, to) of `units`, then the 0 that ends them. False when the table is full. */
  text(units: Uint16Array, from: number, to: number): boolean {
    this.room(2 * (to - from) + 1);
    for (let i = from; i < to; i++) {
      const u = units[i];
      if (u >= KANA_FROM && u < KANA_FROM + KANA_COUNT) {
        this.bytes[this.length++] = u - KANA_FROM + 1;
        continue;
      }
      let code = this.wideCode[u];
      if (code < 0) {
        if (this.wide.length >= MAX_WIDE) return false;
        code = this.wide.length;
        this.wide.push(u);
        this.wideCode[u] = code;
      }
      this.bytes[this.length++] = WIDE + (code >> 8);
      this.bytes[this.length++] = code & 0xff;
    }
    this.bytes[this.length++] = 0;
    return true;
  }
}

function sameUnits(units: Uint16Array, a: number, aEnd: number, b: number, bEnd: number): boolean {
  if (aEnd - a !== bEnd - b) return false;
  for (let i = 0; i < aEnd - a; i++) if (units[a + i] !== units[b + i]) return false;
  return true;
}

/**
 * The compact store of `pos` (tid_pos.dat: zero-terminated UTF-8 strings), and `tokenInfo`
 * (tid.dat: 10-byte records whose int32 at +6 is the string's offset) rewritten in place to point
 * into it. Null, with nothing changed, when the files are not laid out as expected: kuromoji then
 * keeps its own buffer.
 */
export function compactFeatures(pos: Uint8Array, tokenInfo: Uint8Array): FeatureStore | null {
  const tidView = new DataView(tokenInfo.buffer, tokenInfo.byteOffset, tokenInfo.byteLength);
  const newOffsets = new Int32Array(Math.floor(tokenInfo.byteLength / 10));
  const writer = new Writer();
  const tupleIndex = new Map<string, number>();
  const tuples: string[] = [];
  const units = new Uint16Array(4096);
  const field = new Int32Array(FIELDS + 1); // field f is units [field[f], field[f + 1] − 1)
  let start = 0;
  let records = 0;
  // Record k points at string k (kuromoji wrote them together); the zeros after the last string
  // are the file's padding, as are the records past it.
  for (let k = 0; k < newOffsets.length && start < pos.length && pos[start] !== 0; k++, records++) {
    if (tidView.getInt32(10 * k + 6, true) !== start) return null;
    let end = start;
    while (end < pos.length && pos[end] !== 0) end++;
    if (end >= pos.length || 2 * (end - start) > units.length) return null;
    const n = decodeUtf8(pos, start, end, units);
    let fields = 1;
    for (let i = 0; i < n; i++) if (units[i] === 0x2c && fields++ < FIELDS) field[fields - 1] = i + 1;
    newOffsets[k] = writer.length;
    if (fields !== FIELDS) {
      writer.byte(WHOLE);
      if (!writer.text(units, 0, n)) return null;
    } else {
      field[0] = 0;
      field[FIELDS] = n + 1;
      // String.fromCharCode.apply takes the typed array as it is (a spread would iterate it).
      const tuple = String.fromCharCode.apply(null, units.subarray(field[1], field[7] - 1) as unknown as number[]);
      let t = tupleIndex.get(tuple);
      if (t === undefined) {
        if (tuples.length > 0xffff) return null;
        t = tuples.length;
        tuples.push(tuple);
        tupleIndex.set(tuple, t);
      }
      const sameBasic = sameUnits(units, field[0], field[1] - 1, field[7], field[8] - 1);
      const samePron = sameUnits(units, field[8], field[9] - 1, field[9], field[10] - 1);
      writer.byte((sameBasic ? SAME_BASIC : 0) | (samePron ? SAME_PRON : 0));
      writer.byte(t & 0xff);
      writer.byte(t >> 8);
      if (!writer.text(units, field[0], field[1] - 1)) return null;
      if (!sameBasic && !writer.text(units, field[7], field[8] - 1)) return null;
      if (!writer.text(units, field[8], field[9] - 1)) return null;
      if (!samePron && !writer.text(units, field[9], field[10] - 1)) return null;
    }
    start = end + 1;
  }
  for (let k = 0; k < records; k++) tidView.setInt32(10 * k + 6, newOffsets[k], true);
  return new CompactFeatures(writer.bytes.slice(0, writer.length), Uint16Array.from(writer.wide), tuples);
}

class CompactFeatures implements FeatureStore {
  constructor(private readonly bytes: Buffer8, private readonly wide: Uint16Array, private readonly tuples: string[]) {}

  getString(offset: number): string {
    const flags = this.bytes[offset];
    let p = offset + 1;
    const text = (): string => {
      let s = '';
      for (let b = this.bytes[p++]; b !== 0; b = this.bytes[p++]) {
        s += String.fromCharCode(b < WIDE ? KANA_FROM + b - 1 : this.wide[((b - WIDE) << 8) | this.bytes[p++]]);
      }
      return s;
    };
    if (flags & WHOLE) return text();
    const tuple = this.tuples[this.bytes[p] | (this.bytes[p + 1] << 8)];
    p += 2;
    const surface = text();
    const basic = flags & SAME_BASIC ? surface : text();
    const reading = text();
    const pron = flags & SAME_PRON ? reading : text();
    return `${surface},${tuple},${basic},${reading},${pron}`;
  }
}
