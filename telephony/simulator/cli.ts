// Places one simulated phone call against a running service, playing Twilio's side of the media
// stream, and prints what the bot says as the call goes. `--help` explains every option.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readTestFile } from '../../engine/conversation-test/test-file.js';
import { mulawWav } from '../audio/codec.js';
import { SimulatedCall } from './call.js';
import { playConversation } from './conversation.js';
import { CallerVoice } from './voice.js';

const SERVICE_DEFAULT_PUBLIC_URL = 'http://localhost:3000'; // app/config.ts's default PUBLIC_URL
const MIN_TOKEN = 16; // app/config.ts's own check on TWILIO_AUTH_TOKEN (Twilio states no minimum)

const HELP = `Places one simulated phone call against a running service (as Twilio would) and prints
each prompt's text as the bot says it.

  npx tsx telephony/simulator/cli.ts [options] [STEP...]

Steps (in order; without any, the call listens to the greeting and hangs up):
  press:1          press keys (press:09012345678# for a number)
  type:ヤマダ タロウ  send typed text on the text channel (not speech recognition)
  say:予約したいです   speak the line, synthesised by Open JTalk (needs a recogniser on the service)
  wait:2000        wait milliseconds
  hangup           hang up now
  test:FILE        play a conversation test's script (cities/<id>/scenarios/tests/…)

Options:
  --url URL          where the service listens (default http://127.0.0.1:3000; PORT of the service)
  --public-url URL   the service's PUBLIC_URL, exactly: Twilio signs the URL it calls, so the
                     signature only matches when this equals the service's PUBLIC_URL
                     (default: $PUBLIC_URL, else the service's default ${SERVICE_DEFAULT_PUBLIC_URL})
  --token TOKEN      the service's TWILIO_AUTH_TOKEN (default: $TWILIO_AUTH_TOKEN); ${MIN_TOKEN}+ characters
  --speed N          1 = real time (default), 4 = four times faster
  --from NUMBER      the caller's number (default +819012345678)
  --out FILE.wav     save what the caller heard
  --quiet            do not print the dialog
  -h, --help         this text

Without a Twilio account the web phone (/phone/ after signing in) is the easier way to call.`;

class Usage extends Error {}

function parse() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      url: { type: 'string', default: 'http://127.0.0.1:3000' },
      'public-url': { type: 'string' },
      token: { type: 'string' },
      speed: { type: 'string', default: '1' },
      from: { type: 'string' },
      out: { type: 'string' },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  return { values, steps: positionals };
}

function explain(e: unknown, o: { url: string; publicUrl: string }): string {
  const msg = e instanceof Error ? e.message : String(e);
  const code = (e as { cause?: { code?: string } })?.cause?.code ?? (e as { code?: string })?.code;
  if (code === 'ECONNREFUSED' || /fetch failed|ECONNREFUSED/.test(msg)) {
    return `nothing answers at --url ${o.url}: start the service (npm start) or pass the address it prints (PORT sets its port).`;
  }
  if (/answered 403|refused: 403/.test(msg)) {
    return `the service refused the Twilio signature (403). Check both settings:\n` +
      `  --public-url ${o.publicUrl} must be exactly the service's PUBLIC_URL (scheme, host, port, no trailing path), and\n` +
      `  --token must be the service's TWILIO_AUTH_TOKEN (when the service has none, it refuses every webhook).`;
  }
  return msg;
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse();
  } catch (e) {
    throw new Usage(`${(e as Error).message}\n(see --help)`);
  }
  const { values: v, steps } = args;
  if (v.help) {
    console.log(HELP);
    return 0;
  }
  const publicUrl = v['public-url'] ?? process.env.PUBLIC_URL ?? SERVICE_DEFAULT_PUBLIC_URL;
  const token = v.token ?? process.env.TWILIO_AUTH_TOKEN;
  if (!token) throw new Usage('--token (or TWILIO_AUTH_TOKEN) is needed: the service\'s TWILIO_AUTH_TOKEN, which signs the webhook.');
  if (token.length < MIN_TOKEN) {
    throw new Usage(`--token is ${token.length} characters; the service's TWILIO_AUTH_TOKEN must be at least ${MIN_TOKEN}. ` +
      `That minimum is this service's own check against placeholders (app/config.ts), not Twilio's: a real auth token is 32 hex digits (Twilio Console → Account → API keys & tokens).`);
  }
  const speed = Number(v.speed);
  if (!(speed > 0 && speed <= 16)) throw new Usage('--speed must be a number above 0 and at most 16');
  for (const step of steps) {
    const kind = step.split(':')[0];
    if (!['say', 'press', 'type', 'wait', 'hangup', 'test'].includes(kind)) throw new Usage(`unknown step "${step}" (steps: press:, type:, say:, wait:, hangup, test:; see --help)`);
  }

  const print = v.quiet ? () => {} : (line: string) => console.log(line);
  const call = new SimulatedCall({
    baseUrl: v.url, publicUrl, authToken: token, speed, from: v.from,
    onDialog: (m) => {
      const d = m.data;
      if (m.type === 'bot_turn') print(`bot [${m.node}${d.rate && d.rate !== 1 ? `, rate ×${Number(d.rate).toFixed(2)}` : ''}]: ${d.text}`);
      else if (m.type === 'nlu_result') print(`  understood: ${JSON.stringify(d)}`);
      else if (m.type === 'no_input' || m.type === 'no_match') print(`  ${m.type.replace('_', '-')} #${d.count}`);
      else if (m.type === 'booking_action') print(`  booking: ${JSON.stringify(d)}`);
      else if (m.type === 'outcome') print(`-- outcome: ${d.outcome}`);
    },
  });
  const voice = new CallerVoice();
  try {
    await call.connect();
  } catch (e) {
    throw new Usage(explain(e, { url: v.url, publicUrl }));
  }
  print(`call ${call.callSid} connected`);
  await call.untilListening(300, 60_000);
  for (const step of steps) {
    const [kind, ...rest] = step.split(':');
    const value = rest.join(':');
    print(`you> ${kind}${value ? ` ${value}` : ''}`);
    if (kind === 'say') await call.say(await voice.line(value));
    else if (kind === 'press') call.press(value);
    else if (kind === 'type') call.type(value);
    else if (kind === 'wait') await new Promise((r) => setTimeout(r, Number(value)));
    else if (kind === 'hangup') break;
    else if (kind === 'test') {
      await playConversation(await readTestFile(value), { call, voice, expects: () => 'intent' });
      continue;
    }
    if (kind !== 'wait') await call.untilNextPrompt(60_000).catch(() => undefined);
    if (call.closed) break;
  }
  call.hangup();
  if (v.out) {
    writeFileSync(v.out, mulawWav(call.heardAudio()));
    print(`heard ${(call.heardAudio().length / 8000).toFixed(1)} s of bot audio → ${v.out}`);
  }
  print(`marks echoed: ${call.marksEchoed.length}, clears: ${call.clears}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(e instanceof Usage ? 2 : 1);
  },
);
