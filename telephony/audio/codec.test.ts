import { describe, expect, it } from 'vitest';
import { frames, mulawDecode, mulawEncode, parseWav, resample, rms, wavToMulaw8k } from './codec.js';

function sine(freq: number, rate: number, seconds: number, amp = 10000): Int16Array {
  const n = Math.round(rate * seconds);
  const out = new Int16Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.round(amp * Math.sin((2 * Math.PI * freq * i) / rate));
  return out;
}
function wav16(pcm: Int16Array, rate: number): Buffer {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0, 'ascii');
  h.writeUInt32LE(36 + pcm.length * 2, 4);
  h.write('WAVEfmt ', 8, 'ascii');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(1, 22);
  h.writeUInt32LE(rate, 24);
  h.writeUInt32LE(rate * 2, 28);
  h.writeUInt16LE(2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'ascii');
  h.writeUInt32LE(pcm.length * 2, 40);
  return Buffer.concat([h, Buffer.from(pcm.buffer, pcm.byteOffset, pcm.byteLength)]);
}

describe('audio codec', () => {
  it('μ-law round trip keeps a speech-band tone within μ-law precision', () => {
    const pcm = sine(440, 8000, 0.1);
    const back = mulawDecode(mulawEncode(pcm));
    let maxErr = 0;
    for (let i = 0; i < pcm.length; i++) maxErr = Math.max(maxErr, Math.abs(pcm[i] - back[i]));
    expect(maxErr).toBeLessThan(400);
  });
  it('48 kHz → 8 kHz keeps a 1 kHz tone and removes a 6 kHz one (no aliasing into the phone band)', () => {
    const keep = resample(sine(1000, 48000, 0.2), 48000, 8000);
    const drop = resample(sine(6000, 48000, 0.2), 48000, 8000);
    expect(keep.length).toBe(1600);
    const level = (x: Int16Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);
    expect(level(keep)).toBeGreaterThan(6000);
    expect(level(drop)).toBeLessThan(300);
  });
  it('reads a PCM WAV and gives 20 ms μ-law frames at 8 kHz', () => {
    const mu = wavToMulaw8k(wav16(sine(500, 48000, 0.5), 48000));
    expect(mu.length).toBe(4000);
    const f = frames(mu.subarray(0, 330));
    expect(f.map((x) => x.length)).toEqual([160, 160, 160]);
    expect(rms(f[2].subarray(10))).toBe(0); // padded with μ-law silence
    expect(parseWav(wav16(new Int16Array(4), 16000)).sampleRate).toBe(16000);
  });
  it('refuses what is not a WAV', () => {
    expect(() => parseWav(Buffer.from('hello world, not audio'))).toThrow(/RIFF/);
  });
});

describe('recordings of failed turns', () => {
  it('are written as μ-law WAV under the audio folder and refuse references that leave it', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { FileRecordings } = await import('../ports.js');
    const dir = mkdtempSync(join(tmpdir(), 'rec-'));
    const rec = new FileRecordings(dir);
    await rec.saveFailedTurn({ ref: 'rec/CA1-x.wav', callId: 'CA1', node: 'ask_name', mulaw: Buffer.alloc(800, 0xff) });
    const w = parseWav(readFileSync(join(dir, 'rec', 'CA1-x.wav')));
    expect([w.format, w.sampleRate, w.data.length]).toEqual([7, 8000, 800]);
    await expect(rec.saveFailedTurn({ ref: '../../etc/x.wav', callId: 'CA1', node: null, mulaw: Buffer.alloc(1) })).rejects.toThrow(/outside/);
  });
});
