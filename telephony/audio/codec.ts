// μ-law 8 kHz in and out (alawmulaw), WAV parsing and resampling to the carrier's 8 kHz.
import alawmulaw from 'alawmulaw';

export const SAMPLE_RATE = 8000;
/** One Twilio media frame: 20 ms at 8 kHz, one byte per μ-law sample. */
export const FRAME_BYTES = 160;
export const FRAME_MS = 20;

export function mulawDecode(mulaw: Uint8Array): Int16Array {
  return alawmulaw.mulaw.decode(mulaw);
}

export function mulawEncode(pcm: Int16Array): Buffer {
  const u = alawmulaw.mulaw.encode(pcm);
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
}

/** μ-law silence (0xFF decodes to 0). */
export function mulawSilence(bytes: number): Buffer {
  return Buffer.alloc(bytes, 0xff);
}

export interface Wav { sampleRate: number; channels: number; format: number; bitsPerSample: number; data: Buffer }

/** Reads the RIFF chunks of a WAV file (PCM 16-bit or μ-law), tolerating sizes left at 0 or max by streaming writers. */
export function parseWav(buf: Buffer): Wav {
  if (buf.length < 12 || buf.toString('ascii', 0, 4) !== 'RIFF' || buf.toString('ascii', 8, 12) !== 'WAVE') {
    throw new Error('not a RIFF/WAVE file');
  }
  let off = 12;
  let fmt: Omit<Wav, 'data'> | null = null;
  while (off + 8 <= buf.length) {
    const id = buf.toString('ascii', off, off + 4);
    let size = buf.readUInt32LE(off + 4);
    const body = off + 8;
    if (id === 'fmt ') {
      fmt = { format: buf.readUInt16LE(body), channels: buf.readUInt16LE(body + 2), sampleRate: buf.readUInt32LE(body + 4), bitsPerSample: buf.readUInt16LE(body + 14) };
    } else if (id === 'data') {
      if (!fmt) throw new Error('WAV data before fmt');
      if (size === 0 || body + size > buf.length) size = buf.length - body;
      return { ...fmt, data: buf.subarray(body, body + size) };
    }
    off = body + size + (size & 1);
  }
  throw new Error('WAV without data chunk');
}

/** PCM 16-bit little-endian bytes → samples (first channel only). */
export function pcm16FromBytes(data: Buffer, channels = 1): Int16Array {
  const n = Math.floor(data.length / 2 / channels);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = data.readInt16LE(i * 2 * channels);
  return out;
}

/**
 * Resamples to `to` Hz. Integer down-ratios (48k→8k, 16k→8k) go through a windowed-sinc low-pass
 * so the telephone band stays clean; anything else uses linear interpolation after the same filter.
 */
export function resample(pcm: Int16Array, from: number, to: number): Int16Array {
  if (from === to) return pcm;
  if (to > from) return linear(pcm, from, to);
  const ratio = from / to;
  const cutoff = (to / from) * 0.45; // just under the new Nyquist
  // Integer ratios: filter only the samples we keep.
  if (Number.isInteger(ratio)) return lowPass(pcm, cutoff, ratio);
  return linear(lowPass(pcm, cutoff, 1), from, to);
}

function linear(pcm: Int16Array, from: number, to: number): Int16Array {
  const n = Math.floor((pcm.length * to) / from);
  const out = new Int16Array(n);
  const step = from / to;
  for (let i = 0; i < n; i++) {
    const x = i * step;
    const j = Math.floor(x);
    const f = x - j;
    const a = pcm[j] ?? 0;
    const b = pcm[j + 1] ?? a;
    out[i] = Math.round(a + (b - a) * f);
  }
  return out;
}

const kernels = new Map<number, Float32Array>();
/** `cutoff` as a fraction of the input sample rate (0..0.5). */
function lowPass(pcm: Int16Array, cutoff: number, step: number): Int16Array {
  let k = kernels.get(cutoff);
  if (!k) {
    const taps = 63;
    k = new Float32Array(taps);
    const mid = (taps - 1) / 2;
    let sum = 0;
    for (let i = 0; i < taps; i++) {
      const t = i - mid;
      const sinc = t === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
      const w = 0.42 - 0.5 * Math.cos((2 * Math.PI * i) / (taps - 1)) + 0.08 * Math.cos((4 * Math.PI * i) / (taps - 1)); // Blackman
      k[i] = sinc * w;
      sum += k[i];
    }
    for (let i = 0; i < taps; i++) k[i] /= sum;
    kernels.set(cutoff, k);
  }
  const taps = k.length;
  const mid = (taps - 1) >> 1;
  const out = new Int16Array(Math.floor(pcm.length / step));
  for (let o = 0; o < out.length; o++) {
    const i = o * step;
    let acc = 0;
    for (let j = 0; j < taps; j++) {
      const idx = i + j - mid;
      if (idx >= 0 && idx < pcm.length) acc += pcm[idx] * k[j];
    }
    out[o] = acc > 32767 ? 32767 : acc < -32768 ? -32768 : Math.round(acc);
  }
  return out;
}

/** Any WAV (PCM16 any rate, or μ-law 8 kHz) → μ-law 8 kHz bytes. */
export function wavToMulaw8k(buf: Buffer): Buffer {
  const w = parseWav(buf);
  if (w.format === 7) {
    if (w.sampleRate !== SAMPLE_RATE) throw new Error(`μ-law WAV at ${w.sampleRate} Hz, expected 8000`);
    return Buffer.from(w.data);
  }
  if (w.format !== 1 || w.bitsPerSample !== 16) throw new Error(`unsupported WAV format ${w.format}/${w.bitsPerSample}`);
  return mulawEncode(resample(pcm16FromBytes(w.data, w.channels), w.sampleRate, SAMPLE_RATE));
}

/** Splits μ-law audio into 20 ms frames, padding the last with silence. */
export function frames(mulaw: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let off = 0; off < mulaw.length; off += FRAME_BYTES) {
    const f = mulaw.subarray(off, off + FRAME_BYTES);
    out.push(f.length === FRAME_BYTES ? f : Buffer.concat([f, mulawSilence(FRAME_BYTES - f.length)]));
  }
  return out;
}

/** Root-mean-square level of μ-law audio, 0..32767. */
export function rms(mulaw: Uint8Array): number {
  const pcm = mulawDecode(mulaw);
  let s = 0;
  for (let i = 0; i < pcm.length; i++) s += pcm[i] * pcm[i];
  return Math.sqrt(s / Math.max(1, pcm.length));
}

/** μ-law 8 kHz mono in a WAV container, for any audio player. */
export function mulawWav(data: Buffer): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + data.length, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(7, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(8000, 24);
  h.writeUInt32LE(8000, 28);
  h.writeUInt16LE(1, 32);
  h.writeUInt16LE(8, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(data.length, 40);
  return Buffer.concat([h, data]);
}
