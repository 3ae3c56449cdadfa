// Transfers through the REAL twilio client against a LOCAL STAND-IN of Twilio's REST API.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TwilioApiStandIn, twilioClientFor } from '../testing/twilio-api-standin.js';
import { InProcessOperatorBoard, RedisOperatorBoard, type OperatorEntry } from './operators.js';
import { TwilioTransfer, toE164 } from './twilio-transfer.js';

const clock = { now: () => new Date('2026-11-21T01:00:00Z') };
let api: TwilioApiStandIn;
beforeAll(async () => {
  api = new TwilioApiStandIn();
  await api.start();
});
afterAll(async () => {
  await api.stop();
});

const req = { callId: 'CAlive', carrierCallId: 'CAlive', number: '0586-28-8100', reason: 'operator_requested', summary: '予約変更の希望、会場は本庁舎', node: 'ask_intent' };

describe('transfer to the city line (Twilio API stand-in)', () => {
  it('updates the live call with <Dial> to the city number and pushes reason and summary to the operator list', async () => {
    const board = new InProcessOperatorBoard();
    const seen: OperatorEntry[] = [];
    board.subscribe((e) => seen.push(e));
    await new TwilioTransfer({ client: twilioClientFor(api.url), operators: board, clock }).transfer(req);
    const r = api.requests.at(-1)!;
    expect(r.path).toBe('/2010-04-01/Accounts/ACstandin00000000000000000000000/Calls/CAlive.json');
    expect(r.form.Twiml).toContain('<Dial timeout="30"><Number>+81586288100</Number></Dial>');
    expect(r.auth).toMatch(/^Basic /);
    expect(seen).toEqual([{ callId: 'CAlive', at: '2026-11-21T01:00:00.000Z', number: '0586-28-8100', reason: 'operator_requested', summary: '予約変更の希望、会場は本庁舎', node: 'ask_intent' }]);
    expect((await board.recent())[0].reason).toBe('operator_requested');
  });

  it('a refused update (call already gone) throws, and the operators see the caller flagged as a failed hand-over', async () => {
    const board = new InProcessOperatorBoard();
    api.failNextUpdate = 404;
    await expect(new TwilioTransfer({ client: twilioClientFor(api.url), operators: board, clock }).transfer(req)).rejects.toThrow();
    const [entry] = await board.recent();
    expect(entry).toMatchObject({ callId: 'CAlive', reason: 'operator_requested', failed: true });
  });

  it('names where Twilio reports how the <Dial> ended, so a hand-over that fails later is followed up', async () => {
    const board = new InProcessOperatorBoard();
    await new TwilioTransfer({ client: twilioClientFor(api.url), operators: board, clock, dialStatusUrl: (id) => `https://ivr.example.test/twilio/dial-status?call=${id}` }).transfer(req);
    expect(api.requests.at(-1)!.form.Twiml).toContain('<Dial timeout="30" action="https://ivr.example.test/twilio/dial-status?call=CAlive" method="POST">');
  });

  it('dialled numbers become E.164', () => {
    expect(toE164('0586-28-8100')).toBe('+81586288100');
    expect(toE164('+81586288100')).toBe('+81586288100');
  });
});

describe('operator list over Redis pub/sub', () => {
  it('a transfer published by one process reaches a subscriber on another connection and stays in the recent list', async () => {
    const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
    const prefix = `test:${process.pid}:${Date.now()}:`;
    const a = new Redis(url);
    const b = new Redis(url);
    const pubBoard = new RedisOperatorBoard(a, 10, prefix);
    const subBoard = new RedisOperatorBoard(b, 10, prefix);
    try {
      const got = new Promise<OperatorEntry>((r) => subBoard.subscribe(r));
      await subBoard.ready();
      const e = { callId: 'CA1', at: '2026-11-21T01:00:00.000Z', number: '0586', reason: 'fallback', summary: 's', node: null };
      await pubBoard.publish(e);
      expect(await got).toEqual(e);
      expect(await subBoard.recent(5)).toEqual([e]);
    } finally {
      await a.del(`${prefix}ivr:operator:recent`);
      await pubBoard.close();
      await subBoard.close();
      a.disconnect();
      b.disconnect();
    }
  });
});
