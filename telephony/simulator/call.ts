// The caller simulator: plays Twilio's side of the media-stream protocol against a running
// service. It posts the signed voice webhook, opens the signed WebSocket the TwiML names, streams
// the caller's μ-law audio in real time (or faster), presses keys, hangs up, and "plays" the bot's
// audio the way Twilio does — frame by frame in real time, echoing each mark when playback reaches
// it and dropping queued audio on `clear` — recording what the caller heard.
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import WebSocket from 'ws';
import { FRAME_BYTES, FRAME_MS, mulawSilence } from '../audio/codec.js';
import { TwilioSideEncoder, parseServiceMessage } from '../protocol/twilio.js';

export interface PlaceCallOptions {
  /** http://127.0.0.1:PORT — where the service listens. */
  baseUrl: string;
  /** The URL the service believes Twilio uses (its publicUrl); signatures are computed over it. */
  publicUrl?: string;
  authToken: string;
  from?: string;
  to?: string;
  callSid?: string;
  /** 1 = real time; 4 = four times faster (both directions). */
  speed?: number;
  /** Sign requests with this token instead (to test forged requests). */
  forgeWith?: string;
  /** Receives the service's dialog side messages (prompt text, node, rate, what was understood);
   *  setting it asks for them with the start parameter echo=dialog. */
  onDialog?: (m: { type: string; node: string | null; data: Record<string, unknown> }) => void;
  /** Open this one-time media socket (`/twilio/media?token=…`, minted by the service for a web
   *  call or an interpreter's operator leg) instead of placing a call through the voice webhook. */
  mediaPath?: string;
  /** Answer as Twilio does a call placed with `<Connect><Stream url>`: open that URL's socket,
   *  signed (the service rang someone, e.g. the interpreter's operator). */
  streamUrl?: string;
}

interface Queued { kind: 'audio'; frame: Buffer }
interface QueuedMark { kind: 'mark'; name: string }

export class SimulatedCall {
  readonly callSid: string;
  readonly streamSid: string;
  private ws!: WebSocket;
  private enc!: TwilioSideEncoder;
  private readonly speed: number;
  private playQueue: (Queued | QueuedMark)[] = [];
  private sendQueue: Buffer[] = [];
  private ticker: NodeJS.Timeout | null = null;
  private startedAt = 0;
  private ticks = 0;
  private lastBotAudioAt = 0;
  private lastMarkAt = 0;
  private waiters: (() => void)[] = [];
  /** Everything the caller heard, in order (μ-law 8 kHz). */
  readonly heard: Buffer[] = [];
  readonly marksEchoed: string[] = [];
  clears = 0;
  closed = false;
  /** performance.now() of the first bot frame received after each caller utterance ended. */
  private onFirstBotFrame: ((t: number) => void) | null = null;
  private timeline = 0;

  constructor(private readonly o: PlaceCallOptions) {
    this.callSid = o.callSid ?? `CA${randomBytes(16).toString('hex')}`;
    this.streamSid = `MZ${randomBytes(16).toString('hex')}`;
    this.speed = o.speed ?? 1;
  }

  /** Places the call: signed webhook, TwiML, signed WebSocket, connected + start. */
  async connect(): Promise<void> {
    if (this.o.mediaPath) return this.openSocket(this.o.baseUrl.replace(/^http/, 'ws') + this.o.mediaPath, {}, {});
    if (this.o.streamUrl) {
      const sig = twilio.getExpectedTwilioSignature(this.o.authToken, this.o.streamUrl, {});
      return this.openSocket(this.o.baseUrl.replace(/^http/, 'ws') + new URL(this.o.streamUrl).pathname, { 'x-twilio-signature': sig }, {});
    }
    const publicUrl = (this.o.publicUrl ?? this.o.baseUrl).replace(/\/+$/, '');
    const token = this.o.forgeWith ?? this.o.authToken;
    const params = { CallSid: this.callSid, AccountSid: 'ACsimulator', From: this.o.from ?? '+819012345678', To: this.o.to ?? '+81312345678', Direction: 'inbound', CallStatus: 'ringing' };
    const res = await fetch(`${this.o.baseUrl}/twilio/voice`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilio.getExpectedTwilioSignature(token, `${publicUrl}/twilio/voice`, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    if (res.status !== 200) throw new Error(`voice webhook answered ${res.status}`);
    const twiml = await res.text();
    const { url, parameters } = parseStreamTwiml(twiml);
    // Connect to the service where it really listens; sign the URL the TwiML named, as Twilio does.
    const path = new URL(url).pathname;
    const wsUrl = this.o.baseUrl.replace(/^http/, 'ws') + path;
    const sig = twilio.getExpectedTwilioSignature(token, url, {});
    await this.openSocket(wsUrl, { 'x-twilio-signature': sig }, parameters);
  }

  private async openSocket(wsUrl: string, headers: Record<string, string>, parameters: Record<string, string>): Promise<void> {
    this.ws = new WebSocket(wsUrl, { headers });
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
      this.ws.once('unexpected-response', (_req, r) => reject(new Error(`media socket refused: ${r.statusCode}`)));
    });
    this.enc = new TwilioSideEncoder(this.streamSid, this.callSid);
    this.ws.on('message', (raw: Buffer) => this.onMessage(raw));
    this.ws.on('close', () => this.stopTicker());
    this.ws.send(this.enc.connected());
    this.ws.send(this.enc.start(this.o.onDialog ? { ...parameters, echo: 'dialog' } : parameters));
    this.startedAt = performance.now();
    this.ticker = setInterval(() => this.tick(), Math.max(5, FRAME_MS / this.speed));
  }

  private onMessage(raw: Buffer): void {
    const m = parseServiceMessage(raw);
    if (!m) {
      if (this.o.onDialog) {
        try {
          const d = JSON.parse(raw.toString('utf8'));
          if (d?.event === 'dialog' && typeof d.type === 'string') this.o.onDialog({ type: d.type, node: d.node ?? null, data: d.data ?? {} });
        } catch { /* not ours */ }
      }
      return;
    }
    if (m.type === 'audio') {
      if (this.onFirstBotFrame) {
        const cb = this.onFirstBotFrame;
        this.onFirstBotFrame = null;
        cb(performance.now());
      }
      for (let off = 0; off < m.mulaw.length; off += FRAME_BYTES) this.playQueue.push({ kind: 'audio', frame: m.mulaw.subarray(off, off + FRAME_BYTES) });
    } else if (m.type === 'mark') {
      this.playQueue.push({ kind: 'mark', name: m.name });
    } else {
      // Twilio empties its buffer and sends back the marks still queued.
      this.clears++;
      const marks = this.playQueue.filter((x): x is QueuedMark => x.kind === 'mark');
      this.playQueue = [];
      for (const mk of marks) this.echoMark(mk.name);
    }
  }

  /** Real-time clock of the call: catch up on frames due since the start (timers drift). */
  private tick(): void {
    if (this.closed) return;
    const due = Math.floor(((performance.now() - this.startedAt) * this.speed) / FRAME_MS);
    let n = 0;
    // Catch up at most 1 s per tick: a stalled simulator then falls behind real time instead of
    // bursting seconds of audio at the service (which no carrier does). At ~200 callers in one
    // process it does fall behind; the benchmark says so through "bot never went quiet".
    while (this.ticks < due && n++ < 50) {
      this.ticks++;
      this.timeline += FRAME_MS;
      // Caller → service: one frame of speech or silence every 20 ms, as a phone line does.
      const out = this.sendQueue.shift() ?? mulawSilence(FRAME_BYTES);
      if (this.ws.readyState === WebSocket.OPEN) this.ws.send(this.enc.media(out, this.timeline));
      // Service → caller: play one frame; marks right behind played audio are echoed now.
      this.echoLeadingMarks();
      const next = this.playQueue.shift();
      if (next?.kind === 'audio') {
        this.heard.push(next.frame);
        this.lastBotAudioAt = performance.now();
      }
      this.echoLeadingMarks();
    }
    if (this.sendQueue.length === 0 && this.waiters.length) {
      const w = this.waiters;
      this.waiters = [];
      for (const f of w) f();
    }
  }

  private echoLeadingMarks(): void {
    for (let head = this.playQueue[0]; head && head.kind === 'mark'; head = this.playQueue[0]) {
      this.playQueue.shift();
      this.echoMark(head.name);
    }
  }

  private echoMark(name: string): void {
    this.marksEchoed.push(name);
    // A prompt's own mark ends it; the service's per-piece marks (`p3.0`) fall inside a prompt.
    if (!name.includes('.')) this.lastMarkAt = performance.now();
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(this.enc.mark(name));
  }

  /** Speaks μ-law audio (queued behind anything still being said); resolves when the last frame went out. */
  say(mulaw: Buffer): Promise<void> {
    for (let off = 0; off < mulaw.length; off += FRAME_BYTES) {
      const f = mulaw.subarray(off, off + FRAME_BYTES);
      this.sendQueue.push(f.length === FRAME_BYTES ? f : Buffer.concat([f, mulawSilence(FRAME_BYTES - f.length)]));
    }
    return new Promise((r) => this.waiters.push(r));
  }

  /** Resolves with performance.now() of the next bot audio frame to arrive. */
  nextBotFrame(): Promise<number> {
    return new Promise((r) => (this.onFirstBotFrame = r));
  }

  press(digits: string): void {
    for (const d of digits) this.ws.send(this.enc.dtmf(d));
  }

  /** Typed text beside the audio (the simulator's text channel, not recognition). */
  type(text: string): void {
    this.ws.send(this.enc.text(text));
  }

  /** True while bot audio is queued for playing. */
  get botSpeaking(): boolean {
    return this.playQueue.some((x) => x.kind === 'audio');
  }

  /**
   * Waits until the bot has finished a prompt and gone quiet: its playback queue is empty, a mark
   * was echoed after the last audio, and nothing new arrived for `quietMs`.
   */
  async untilListening(quietMs = 300, timeoutMs = 30_000): Promise<void> {
    const t0 = performance.now();
    const quiet = quietMs / this.speed;
    for (;;) {
      if (this.closed) throw new Error('call closed while waiting for the bot');
      const now = performance.now();
      if (!this.botSpeaking && this.lastMarkAt >= this.lastBotAudioAt && this.lastMarkAt > 0 && now - Math.max(this.lastMarkAt, this.lastBotAudioAt) >= quiet && this.playQueue.length === 0) return;
      if (now - t0 > timeoutMs) {
        const marks = this.playQueue.filter((x) => x.kind === 'mark').length;
        throw new Error(`bot never went quiet (queued frames ${this.playQueue.length - marks}, marks ${marks}, last mark ${Math.round(now - this.lastMarkAt)} ms ago, last audio ${Math.round(now - this.lastBotAudioAt)} ms ago)`);
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  /** Waits for the bot's next prompt to begin, then until it has been played and the bot listens. */
  async untilNextPrompt(timeoutMs = 30_000): Promise<void> {
    const t0 = performance.now();
    while (this.lastBotAudioAt <= t0 && !this.botSpeaking) {
      if (this.closed) throw new Error('call closed while waiting for the bot');
      if (performance.now() - t0 > timeoutMs) throw new Error('no new prompt');
      await new Promise((r) => setTimeout(r, 10));
    }
    await this.untilListening(300, timeoutMs);
  }

  /** Waits until the service closes the socket (end of call, transfer). */
  untilClosed(timeoutMs = 30_000): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('call did not end')), timeoutMs);
      this.ws.once('close', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }

  /** The caller hangs up: Twilio sends `stop` and closes the socket. */
  hangup(): void {
    if (this.closed) return;
    if (this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(this.enc.stop());
      this.ws.close();
    }
    this.stopTicker();
  }

  private stopTicker(): void {
    this.closed = true;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** What the caller heard, as one μ-law buffer. */
  heardAudio(): Buffer {
    return Buffer.concat(this.heard);
  }
}

/** Reads the stream URL and its <Parameter> elements from the voice webhook's TwiML. */
export function parseStreamTwiml(twiml: string): { url: string; parameters: Record<string, string> } {
  const m = /<Stream\b[^>]*\burl="([^"]+)"/.exec(twiml);
  if (!m) throw new Error('TwiML without <Connect><Stream>');
  const parameters: Record<string, string> = {};
  for (const p of twiml.matchAll(/<Parameter\b[^>]*\bname="([^"]*)"[^>]*\bvalue="([^"]*)"/g)) parameters[unxml(p[1])] = unxml(p[2]);
  return { url: unxml(m[1]), parameters };
}

function unxml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
