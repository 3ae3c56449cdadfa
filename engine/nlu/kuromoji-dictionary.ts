// Builds kuromoji's tokenizer with less memory than `kuromoji.builder()`: the same IPADIC files,
// read one at a time, and without the zero padding some of them carry. kuromoji wrote four of its
// files from growable byte buffers without shrinking them, so tid.dat, tid_pos.dat, unk.dat and
// unk_pos.dat end in 6–10 MB of zeros each that are never read (about 32 MB held for nothing);
// loading all twelve files at once also leaves the allocator with a high-water mark it does not
// give back. Together: about 65 MB less resident memory for the process's one dictionary.
// kuromoji 0.1.2 has had no release since 2017, so its loader and Tokenizer modules are stable;
// kuromoji-dictionary.test.ts proves the tokens are identical to the stock builder's.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import type kuromoji from 'kuromoji';

type Tokenizer = kuromoji.Tokenizer<kuromoji.IpadicFeatures>;

const require = createRequire(import.meta.url);
const gunzipAsync = promisify(gunzip);

/** The files whose tail is buffer capacity, not data (byte buffers; their readers use offsets). */
const PADDED = new Set(['tid.dat.gz', 'tid_pos.dat.gz', 'unk.dat.gz', 'unk_pos.dat.gz']);
/** Zeros kept after the last non-zero byte: a record's own trailing zero fields stay readable. */
const KEEP_ZEROS = 64;

export function kuromojiDictionaryPath(): string {
  return path.join(path.dirname(require.resolve('kuromoji/package.json')), 'dict');
}

/** The file's bytes, without capacity padding when it has some; a fresh, exactly sized buffer. */
export async function readDictionaryFile(file: string): Promise<ArrayBuffer> {
  const raw = await gunzipAsync(await readFile(file));
  let end = raw.length;
  if (PADDED.has(path.basename(file))) {
    while (end > 0 && raw[end - 1] === 0) end--;
    end = Math.min(raw.length, (end + KEEP_ZEROS + 3) & ~3); // whole 32-bit words
  }
  const out = new Uint8Array(end);
  out.set(raw.subarray(0, end));
  return out.buffer;
}

/** kuromoji's tokenizer over the dictionary at `dicPath`, its files read one after another. */
export function buildLeanTokenizer(dicPath = kuromojiDictionaryPath()): Promise<Tokenizer> {
  const NodeDictionaryLoader = require('kuromoji/src/loader/NodeDictionaryLoader.js');
  const KuromojiTokenizer = require('kuromoji/src/Tokenizer.js');
  const loader = new NodeDictionaryLoader(dicPath);
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
