// G.711 μ-law, as the phone network (and Twilio's media streams) carries it: 8 kHz, 8 bits.
// Used by the web phone's page (decoding bot audio) and its AudioWorklet (encoding the caller).
const BIAS = 0x84;
const CLIP = 32635;

/** One 16-bit linear sample → one μ-law byte. */
export function encodeSample(pcm) {
  let s = Math.max(-32768, Math.min(32767, pcm | 0));
  const sign = s < 0 ? 0x80 : 0;
  if (sign) s = -s;
  if (s > CLIP) s = CLIP;
  s += BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** One μ-law byte → one 16-bit linear sample. */
export function decodeSample(u) {
  u = ~u & 0xff;
  const sign = u & 0x80;
  const exponent = (u >> 4) & 0x07;
  const mantissa = u & 0x0f;
  const s = (((mantissa << 3) + BIAS) << exponent) - BIAS;
  return sign ? -s : s;
}

const DECODE = new Float32Array(256);
for (let i = 0; i < 256; i++) DECODE[i] = decodeSample(i) / 32768;

/** μ-law bytes → float samples in [-1, 1] (still 8 kHz). */
export function mulawToFloat(bytes) {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = DECODE[bytes[i]];
  return out;
}

/** Float samples in [-1, 1] (8 kHz) → μ-law bytes. */
export function floatToMulaw(samples) {
  const out = new Uint8Array(samples.length);
  for (let i = 0; i < samples.length; i++) out[i] = encodeSample(Math.round(samples[i] * 32767));
  return out;
}

export function base64ToBytes(b64) {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function bytesToBase64(bytes) {
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin);
}
