// Places one simulated call against a running service and records what the caller heard.
//
//   npx tsx telephony/simulator/cli.ts --url http://127.0.0.1:3000 --public-url https://ivr.example.jp \
//     --token $TWILIO_AUTH_TOKEN [--speed 1] [--out heard.wav] STEP...
//   STEP: say:予約したいです | press:1 | type:ヤマダ タロウ | wait:2000 | hangup | test:scenarios/tests/x.yaml
//
// `say:` speaks the line synthesised by Open JTalk into the media stream (what the service makes
// of it depends on its recogniser); `type:` sends it on the simulator's text channel; `test:`
// plays a conversation test's script (persona tests need the service's expectations: use the
// in-process form, telephony/simulator/conversation.ts). Without a step list, the call listens
// to the greeting and hangs up.
import { writeFileSync } from 'node:fs';
import { readTestFile } from '../../engine/converse/test-file.js';
import { mulawWav } from '../audio/codec.js';
import { SimulatedCall } from './call.js';
import { playConversation } from './conversation.js';
import { CallerVoice } from './voice.js';

function opt(name: string, dflt?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

async function main(): Promise<void> {
  const url = opt('url', 'http://127.0.0.1:3000')!;
  const token = opt('token', process.env.TWILIO_AUTH_TOKEN);
  if (!token) throw new Error('--token or TWILIO_AUTH_TOKEN is needed to sign the webhook');
  const call = new SimulatedCall({ baseUrl: url, publicUrl: opt('public-url', url), authToken: token, speed: Number(opt('speed', '1')), from: opt('from') });
  const voice = new CallerVoice();
  const flagValues = new Set(['url', 'public-url', 'token', 'speed', 'out', 'from'].map((f) => opt(f)));
  const steps = process.argv.slice(2).filter((a, i, all) => !a.startsWith('--') && !(all[i - 1]?.startsWith('--') && flagValues.has(a)));
  await call.connect();
  console.log(`call ${call.callSid} connected`);
  await call.untilListening(300, 60_000);
  for (const step of steps) {
    const [kind, ...rest] = step.split(':');
    const value = rest.join(':');
    console.log(`> ${kind}${value ? ` ${value}` : ''}`);
    if (kind === 'say') await call.say(await voice.line(value));
    else if (kind === 'press') call.press(value);
    else if (kind === 'type') call.type(value);
    else if (kind === 'wait') await new Promise((r) => setTimeout(r, Number(value)));
    else if (kind === 'hangup') break;
    else if (kind === 'test') {
      await playConversation(await readTestFile(value), { call, voice, expects: () => 'intent' });
      continue;
    } else throw new Error(`unknown step ${step}`);
    if (kind !== 'wait') await call.untilNextPrompt(60_000).catch(() => undefined);
  }
  call.hangup();
  const out = opt('out');
  if (out) {
    writeFileSync(out, mulawWav(call.heardAudio()));
    console.log(`heard ${(call.heardAudio().length / 8000).toFixed(1)} s of bot audio → ${out}`);
  }
  console.log(`marks echoed: ${call.marksEchoed.length}, clears: ${call.clears}`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
