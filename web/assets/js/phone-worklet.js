// The web phone's audio line, running on the audio thread (AudioWorklet 'phone-line').
// Out: plays the bot's 8 kHz samples resampled to the context's rate, and echoes each mark the
// moment playback reaches it (as Twilio does); `clear` drops queued audio and echoes its marks.
// In: the microphone (or silence when nothing is connected) averaged down to 8 kHz, μ-law
// encoded, posted every 20 ms (160 samples): the audio clock is the call's clock.
// Counters of samples received and played are posted for the page (and its tests).
import { encodeSample } from './phone-codec.js';

const FRAME = 160; // 20 ms at 8 kHz

class PhoneLine extends AudioWorkletProcessor {
  constructor() {
    super();
    this.ratio = 8000 / sampleRate;
    this.queue = [];
    this.cur = null;
    this.idx = 0;
    this.phase = 0;
    this.prev = 0;
    this.next = 0;
    this.received = 0;
    this.played = 0;
    this.micPhase = 0;
    this.micSum = 0;
    this.micCount = 0;
    this.frame = new Uint8Array(FRAME);
    this.frameN = 0;
    this.sinceStats = 0;
    this.stopped = false;
    this.port.onmessage = (e) => this.onMessage(e.data);
  }

  onMessage(m) {
    if (m.type === 'audio') {
      this.queue.push({ samples: m.samples });
      this.received += m.samples.length;
    } else if (m.type === 'mark') {
      this.queue.push({ mark: m.name });
    } else if (m.type === 'clear') {
      const marks = this.queue.filter((q) => q.mark);
      this.queue = [];
      this.cur = null;
      for (const q of marks) this.port.postMessage({ type: 'mark', name: q.mark });
    } else if (m.type === 'stop') {
      this.stopped = true;
    }
  }

  /** The next 8 kHz sample of bot audio, or null when nothing is queued; echoes marks passed. */
  nextSample() {
    for (;;) {
      if (!this.cur) {
        const head = this.queue[0];
        if (!head) return null;
        this.queue.shift();
        if (head.mark) {
          this.port.postMessage({ type: 'mark', name: head.mark });
          continue;
        }
        this.cur = head.samples;
        this.idx = 0;
      }
      if (this.idx < this.cur.length) return this.cur[this.idx++];
      this.cur = null;
    }
  }

  process(inputs, outputs) {
    if (this.stopped) return false;
    const out = outputs[0][0];
    const mic = inputs[0] && inputs[0][0];
    const n = out ? out.length : 128;
    for (let i = 0; i < n; i++) {
      // Bot → speaker: linear interpolation between consecutive 8 kHz samples.
      this.phase += this.ratio;
      while (this.phase >= 1) {
        this.phase -= 1;
        this.prev = this.next;
        const s = this.nextSample();
        if (s === null) this.next = 0;
        else {
          this.next = s;
          this.played++;
        }
      }
      if (out) out[i] = this.prev + (this.next - this.prev) * this.phase;
      // Microphone → 8 kHz: average the samples that fall in each 1/8000 s.
      this.micSum += mic ? mic[i] : 0;
      this.micCount++;
      this.micPhase += this.ratio;
      if (this.micPhase >= 1) {
        this.micPhase -= 1;
        const v = this.micSum / this.micCount;
        this.micSum = 0;
        this.micCount = 0;
        this.frame[this.frameN++] = encodeSample(Math.round(Math.max(-1, Math.min(1, v)) * 32767));
        if (this.frameN === FRAME) {
          this.port.postMessage({ type: 'frame', mulaw: this.frame });
          this.frame = new Uint8Array(FRAME);
          this.frameN = 0;
        }
      }
    }
    this.sinceStats += n;
    if (this.sinceStats >= sampleRate / 4) {
      this.sinceStats = 0;
      this.port.postMessage({ type: 'stats', received: this.received, played: this.played });
    }
    return true;
  }
}

registerProcessor('phone-line', PhoneLine);
