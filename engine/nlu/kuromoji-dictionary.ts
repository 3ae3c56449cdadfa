// Builds kuromoji's tokenizer with less memory than `kuromoji.builder()`: the same IPADIC files,
// read one at a time, and without the zero padding some of them carry. kuromoji wrote four of its
// files from growable byte buffers without shrinking them, so tid.dat, tid_pos.dat, unk.dat and
// unk_pos.dat end in 6–10 MB of zeros each that are never read (about 32 MB held for nothing), and
// unk_invoke.dat and unk_map.dat in 1 MB each, which its record readers walk to the end: the
// invoke map's padding alone became 150,000 empty character classes (9 MB of heap);
// loading all twelve files at once also leaves the allocator with a high-water mark it does not
// give back; and kuromoji keeps the surface-form → entries map as a JS object of 326,000 arrays
// (62 MB of heap) where two typed arrays hold it in 3 MB; and the 34 MB of feature strings fit in
// about 8 MB (kuromoji-features.ts). Together: about 145 MB less resident memory for the process's
// one dictionary.
// kuromoji 0.1.2 has had no release since 2017, so its loader and Tokenizer modules are stable;
// kuromoji-dictionary.test.ts proves the tokens are identical to the stock builder's.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import type kuromoji from 'kuromoji';
import { compactFeatures } from './kuromoji-features.js';

type Tokenizer = kuromoji.Tokenizer<kuromoji.IpadicFeatures>;

const require = createRequire(import.meta.url);

/** The files whose tail is buffer capacity, not data (byte buffers whose readers use offsets, or
 *  read records until the end). unk_compat.dat is not one: it is indexed by code point. */
const PADDED = new Set(['tid.dat.gz', 'tid_pos.dat.gz', 'unk.dat.gz', 'unk_pos.dat.gz', 'unk_invoke.dat.gz', 'unk_map.dat.gz']);
/** Zeros kept after the last non-zero byte: a record's own trailing zero fields stay readable. */
const KEEP_ZEROS = 64;

export function kuromojiDictionaryPath(): string {
  return path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
}

/** The file's bytes, without capacity padding when it has some; a fresh, exactly sized buffer. */
export async function readDictionaryFile(file: string): Promise<ArrayBuffer> {
  // Inflated on this thread: zlib's thread pool leaves ~45 MB in per-thread malloc arenas that
  // are never returned, and the whole load blocks once for ~0.4 s, before the service listens.
  const raw = gunzipSync(await readFile(file));
  let end = raw.length;
  if (PADDED.has(path.basename(file))) {
    while (end > 0 && raw[end - 1] === 0) end--;
    end = Math.min(raw.length, (end + KEEP_ZEROS + 3) & ~3); // whole 32-bit words
  }
  const out = new Uint8Array(end);
  out.set(raw.subarray(0, end));
  return out.buffer;
}

/**
 * tid_map.dat (int32 little-endian: a count, then records of key, n, n values) as offsets and
 * values, read through an object whose `[trieId]` gives that surface form's token-info ids — the
 * one way kuromoji's ViterbiBuilder reads `target_map`.
 */
export function compactTargetMap(bytes: Uint8Array): Record<number, ArrayLike<number>> {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // As kuromoji's ByteBuffer: a read past the end is 0 (the file's zero padding reads as n = 0).
  const int = (p: number) => (p + 4 <= bytes.byteLength ? view.getInt32(p, true) : 0);
  const records = (visit: (key: number, at: number, n: number) => void) => {
    for (let p = 4; p + 1 <= bytes.byteLength;) {
      const key = int(p);
      const n = int(p + 4);
      p += 8;
      if (n > 0) visit(key, p, n);
      p += 4 * Math.max(n, 0);
    }
  };
  let maxKey = -1;
  let total = 0;
  records((key, _at, n) => { maxKey = Math.max(maxKey, key); total += n; });
  const offsets = new Int32Array(maxKey + 2);
  records((key, _at, n) => { offsets[key + 1] += n; });
  for (let k = 1; k < offsets.length; k++) offsets[k] += offsets[k - 1];
  const values = new Int32Array(total);
  const filled = new Int32Array(maxKey + 1);
  records((key, at, n) => {
    for (let i = 0; i < n; i++) values[offsets[key] + filled[key]++] = int(at + 4 * i);
  });
  return new Proxy(Object.create(null), {
    get: (_target, prop) => {
      const k = typeof prop === 'string' ? Number(prop) : Number.NaN;
      if (!Number.isInteger(k) || k < 0 || k > maxKey || offsets[k] === offsets[k + 1]) return undefined;
      return values.subarray(offsets[k], offsets[k + 1]);
    },
  });
}

/** kuromoji's tokenizer over the dictionary at `dicPath`, its files read one after another. */
export function buildLeanTokenizer(dicPath = kuromojiDictionaryPath()): Promise<Tokenizer> {
  const NodeDictionaryLoader = require('kuromoji/src/loader/NodeDictionaryLoader.js');
  const KuromojiTokenizer = require('kuromoji/src/Tokenizer.js');
  const ByteBuffer = require('kuromoji/src/util/ByteBuffer.js');
  const loader = new NodeDictionaryLoader(dicPath);
  loader.dic.token_info_dictionary.loadPosVector = function (this: { dictionary: { buffer: Uint8Array }; pos_buffer: unknown }, bytes: Uint8Array) {
    // tid.dat (this.dictionary) is loaded first; its records are pointed at the compact store.
    this.pos_buffer = compactFeatures(bytes, this.dictionary.buffer) ?? new ByteBuffer(bytes);
    return this;
  };
  loader.dic.token_info_dictionary.loadTargetMap = function (this: { target_map: unknown }, bytes: Uint8Array) {
    this.target_map = compactTargetMap(bytes);
    return this;
  };
  let queue: Promise<unknown> = Promise.resolve();
  // kuromoji asks for all files at once; serve them in turn so only one is inflated at a time.
  loader.loadArrayBuffer = (file: string, done: (err: Error | null, buffer?: ArrayBuffer) => void) => {
    const next = queue.then(() => readDictionaryFile(file));
    queue = next.catch(() => undefined);
    next.then((b) => done(null, b), (err: Error) => done(err));
  };
  return new Promise((resolve, reject) => {
    loader.load((err: Error | null, dic: unknown) => (err ? reject(err) : resolve(new KuromojiTokenizer(dic) as Tokenizer)));
  });
}
