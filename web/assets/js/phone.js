// The web phone's page: places a call to the bot over the media-stream protocol Twilio uses.
// The page gets a single-use token (POST /phone/calls), opens /twilio/media?token=…, sends
// `connected` and `start`, then 20 ms μ-law 8 kHz `media` frames from the AudioWorklet (the
// microphone when a recogniser is configured, else silence), `dtmf` for keys, typed text on the
// text channel, and echoes each `mark` when the worklet has played up to it. Bot audio is decoded
// here and played by the worklet; the service's `dialog` side messages fill the dialog list.
import { base64ToBytes, bytesToBase64, mulawToFloat } from './phone-codec.js';

const root = document.getElementById('phone');
const S = JSON.parse(document.getElementById('phone-strings').textContent);
const $ = (id) => document.getElementById(id);
const csrf = document.querySelector('meta[name="csrf-token"]').content;
const recogniser = root.dataset.recogniser === 'on';

const t = (key, vars = {}) => String(S[key] ?? key).replace(/\{\{(\w+)\}\}/g, (_, k) => String(vars[k] ?? ''));

/** Counters the page shows and its tests read (samples at 8 kHz). */
const stats = { received: 0, played: 0, framesSent: 0, marksEchoed: 0 };
window.webPhone = { stats };

let call = null; // { ws, ctx, node, mic, streamSid, callSid, seq, twilio }

function setStatus(text) {
  $('phone-status').textContent = text;
}

function setInCall(on) {
  $('phone-call').disabled = on;
  $('phone-hangup').disabled = !on;
  $('phone-version').disabled = on;
  for (const r of document.querySelectorAll('input[name="mode"]')) r.disabled = on;
  for (const k of document.querySelectorAll('.keypad__key')) k.disabled = !on;
  if ($('phone-text')) {
    $('phone-text').disabled = !on;
    $('phone-send').disabled = !on;
  }
  root.dataset.call = on ? 'live' : 'idle';
}

function logEntry(kind, who, text, meta) {
  const li = document.createElement('li');
  li.className = `dialog-log__${kind}`;
  li.dataset.kind = kind;
  if (who) {
    const w = document.createElement('span');
    w.className = 'dialog-log__who';
    w.textContent = who;
    li.append(w);
  }
  li.append(document.createTextNode(text));
  if (meta) {
    const m = document.createElement('span');
    m.className = 'dialog-log__meta';
    m.textContent = meta;
    li.append(m);
  }
  $('phone-log').append(li);
  li.scrollIntoView({ block: 'nearest' });
}

function describe(values) {
  if (!values || typeof values !== 'object') return '';
  return Object.entries(values).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`).join('、');
}

/** The service's side messages: what the dialog did, as it happens. */
function onDialog(m) {
  const d = m.data ?? {};
  const node = m.node ? `${t('node')} ${m.node}` : '';
  switch (m.type) {
    case 'bot_turn':
      logEntry('bot', t('bot'), String(d.text ?? ''), [node, d.rate ? t('rate', { rate: Number(d.rate).toFixed(2) }) : ''].filter(Boolean).join(' · '));
      break;
    case 'caller_input': {
      if (d.type === 'speech') logEntry('caller', `${t('you')}（${call?.lastTyped === d.text ? t('typed') : t('speech')}）`, String(d.text ?? ''), node);
      else if (d.type === 'dtmf') logEntry('caller', `${t('you')}（${t('key')}）`, String(d.digits ?? ''), node);
      break;
    }
    case 'nlu_result':
      logEntry('system', t('understood'), [d.kind, describe(d.values ?? (d.value !== undefined ? { value: d.value } : null)), d.filled ? `→ ${d.filled.join(', ')}` : '', d.via ? `(${d.via})` : ''].filter(Boolean).join(' '), node);
      break;
    case 'no_input':
      logEntry('system', '', t('noInput', { count: d.count ?? '' }), node);
      break;
    case 'no_match':
      logEntry('system', '', t('noMatch', { count: d.count ?? '' }), node);
      break;
    case 'booking_action':
      logEntry('system', t('booking'), describe(d), node);
      break;
    case 'transfer':
      logEntry('system', t('transfer'), String(d.reason ?? ''), node);
      break;
    case 'outcome':
      logEntry('system', t('outcome'), String(d.outcome ?? ''), node);
      break;
    default:
      break;
  }
}

function send(obj) {
  if (call?.ws?.readyState === WebSocket.OPEN) call.ws.send(JSON.stringify(obj));
}

function onService(raw) {
  let m;
  try {
    m = JSON.parse(raw);
  } catch {
    return;
  }
  if (m.event === 'media' && typeof m.media?.payload === 'string') {
    const samples = mulawToFloat(base64ToBytes(m.media.payload));
    call.node.port.postMessage({ type: 'audio', samples }, [samples.buffer]);
  } else if (m.event === 'mark' && typeof m.mark?.name === 'string') {
    call.node.port.postMessage({ type: 'mark', name: m.mark.name });
  } else if (m.event === 'clear') {
    call.node.port.postMessage({ type: 'clear' });
    logEntry('barge', '', t('bargeIn'));
  } else if (m.event === 'dialog') {
    onDialog(m);
  }
}

function onWorklet(m) {
  if (!call) return;
  if (m.type === 'frame') {
    stats.framesSent++;
    call.chunk++;
    send({ event: 'media', sequenceNumber: String(++call.seq), streamSid: call.streamSid,
      media: { track: 'inbound', chunk: String(call.chunk), timestamp: String(call.chunk * 20), payload: bytesToBase64(m.mulaw) } });
  } else if (m.type === 'mark') {
    stats.marksEchoed++;
    send({ event: 'mark', sequenceNumber: String(++call.seq), streamSid: call.streamSid, mark: { name: m.name } });
  } else if (m.type === 'stats') {
    stats.received = m.received;
    stats.played = m.played;
    const out = $('phone-heard');
    out.dataset.samplesPlayed = String(m.played);
    out.dataset.samplesReceived = String(m.received);
    out.textContent = t('seconds', { s: (m.played / 8000).toFixed(1) });
  }
}

async function placeCall() {
  const version = $('phone-version').value;
  setStatus(t('statusConnecting'));
  setInCall(true);
  $('phone-log').replaceChildren();
  const res = await fetch('/phone/calls', {
    method: 'POST', credentials: 'same-origin',
    headers: { 'content-type': 'application/json', 'csrf-token': csrf },
    body: JSON.stringify({ version: version === '' ? null : Number(version) }),
  });
  if (!res.ok) {
    const body = await res.json().catch(() => ({}));
    throw new Error(body.message ?? String(res.status));
  }
  const { token, callId } = await res.json();
  $('phone-call-id').textContent = t('callId', { id: callId });
  root.dataset.callId = callId;

  // The audio graph: the worklet plays the bot and is the 20 ms clock of what we send.
  const ctx = new AudioContext({ latencyHint: 'interactive' });
  await ctx.audioWorklet.addModule('/assets/js/phone-worklet.js');
  const node = new AudioWorkletNode(ctx, 'phone-line', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1] });
  node.connect(ctx.destination);
  let mic = null;
  if (recogniser) {
    mic = await navigator.mediaDevices.getUserMedia({ audio: { channelCount: 1, echoCancellation: true, noiseSuppression: true } });
    ctx.createMediaStreamSource(mic).connect(node);
  }
  await ctx.resume();

  const ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/twilio/media?token=${encodeURIComponent(token)}`);
  const rand = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
  call = { ws, ctx, node, mic, streamSid: `MZ${rand()}`, callSid: callId, seq: 0, chunk: 0, lastTyped: null };
  node.port.onmessage = (e) => onWorklet(e.data);
  ws.onmessage = (e) => onService(e.data);
  ws.onopen = () => {
    send({ event: 'connected', protocol: 'Call', version: '1.0.0' });
    send({ event: 'start', sequenceNumber: String(++call.seq), streamSid: call.streamSid,
      start: { accountSid: 'web-phone', streamSid: call.streamSid, callSid: callId, tracks: ['inbound'],
        customParameters: {}, mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 } } });
    setStatus(t('statusConnected'));
  };
  ws.onclose = (e) => endCall(e.code === 1006 && !call?.opened ? t('statusRefused', { reason: e.code }) : t('statusEnded'));
  ws.addEventListener('open', () => { if (call) call.opened = true; });
}

function endCall(status) {
  const c = call;
  call = null;
  if (c?.twilio) c.twilio.hangUp();
  else if (c) {
    c.node?.port.postMessage({ type: 'stop' });
    c.mic?.getTracks().forEach((tr) => tr.stop());
    void c.ctx?.close().catch(() => {});
  }
  setInCall(false);
  setStatus(status);
}

function hangUp() {
  if (call?.twilio) {
    endCall(t('statusEnded'));
    return;
  }
  if (!call) return;
  send({ event: 'stop', sequenceNumber: String(++call.seq), streamSid: call.streamSid, stop: { accountSid: 'web-phone', callSid: call.callSid } });
  call.ws.close();
  endCall(t('statusEnded'));
}

async function placeTwilioCall() {
  setStatus(t('statusConnecting'));
  setInCall(true);
  const sdk = await import('/phone/twilio-call.js');
  call = { twilio: { hangUp: () => sdk.hangUpTwilio(), digits: (d) => sdk.sendTwilioDigits(d) } };
  await sdk.placeTwilioCall((state, detail) => {
    if (state === 'connected') setStatus(t('statusConnected'));
    else if (state === 'ended') endCall(t('statusEnded'));
    else if (state === 'error') endCall(t('statusRefused', { reason: detail }));
  });
}

$('phone-call-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const mode = document.querySelector('input[name="mode"]:checked')?.value ?? 'stream';
  (mode === 'twilio' ? placeTwilioCall() : placeCall()).catch((err) => {
    endCall(t('statusRefused', { reason: err.message }));
  });
});
$('phone-hangup').addEventListener('click', hangUp);

function press(digit) {
  if (!call) return;
  if (call.twilio) return call.twilio.digits(digit);
  send({ event: 'dtmf', sequenceNumber: String(++call.seq), streamSid: call.streamSid, dtmf: { track: 'inbound_track', digit } });
}

for (const key of document.querySelectorAll('.keypad__key')) key.addEventListener('click', () => press(key.dataset.digit));

// The keyboard's digits, * and # press keys too while in a call (not while typing in a field).
document.addEventListener('keydown', (e) => {
  if (!call || e.ctrlKey || e.metaKey || e.altKey || /^(INPUT|SELECT|TEXTAREA)$/.test(e.target.tagName)) return;
  if (/^[0-9*#]$/.test(e.key)) {
    e.preventDefault();
    press(e.key);
  }
});

$('phone-text-form')?.addEventListener('submit', (e) => {
  e.preventDefault();
  const input = $('phone-text');
  const text = input.value.trim();
  if (!text || !call || call.twilio) return;
  call.lastTyped = text;
  // The simulator's text channel: typed text, never presented as speech recognition.
  send({ event: 'text', streamSid: call.streamSid, text });
  input.value = '';
  input.focus();
});
