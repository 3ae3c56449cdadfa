import { describe, expect, it } from 'vitest';
import { TwilioSideEncoder, buildTwilioMessage, parseServiceMessage, parseTwilioMessage } from './twilio.js';

describe('Twilio media-stream messages', () => {
  const enc = new TwilioSideEncoder('MZ1', 'CA1');
  it('turns start, media, dtmf, mark and stop into typed events', () => {
    expect(parseTwilioMessage(enc.connected())).toBeNull();
    expect(parseTwilioMessage(enc.start({ from: '+8190' }))).toEqual({ type: 'started', streamId: 'MZ1', callId: 'CA1', accountId: 'ACsimulator', params: { from: '+8190' } });
    expect(parseTwilioMessage(enc.media(Buffer.from([1, 2, 3]), 40))).toEqual({ type: 'audio', mulaw: Buffer.from([1, 2, 3]), timestampMs: 40 });
    expect(parseTwilioMessage(enc.dtmf('5'))).toEqual({ type: 'key', digit: '5' });
    expect(parseTwilioMessage(enc.mark('p1'))).toEqual({ type: 'played', name: 'p1' });
    expect(parseTwilioMessage(enc.stop())).toEqual({ type: 'stopped' });
    expect(parseTwilioMessage(enc.text('はい'))).toEqual({ type: 'text', text: 'はい' });
  });
  it('ignores garbage, unknown events, outbound tracks and bad keys instead of throwing', () => {
    expect(parseTwilioMessage('not json')).toBeNull();
    expect(parseTwilioMessage(JSON.stringify({ event: 'whatever' }))).toBeNull();
    expect(parseTwilioMessage(JSON.stringify({ event: 'media', media: { track: 'outbound', payload: 'AAAA' } }))).toBeNull();
    expect(parseTwilioMessage(JSON.stringify({ event: 'dtmf', dtmf: { digit: 'x' } }))).toBeNull();
  });
  it('builds media, mark and clear in Twilio’s shape, and the simulator reads them back', () => {
    const media = JSON.parse(buildTwilioMessage('MZ1', { type: 'audio', mulaw: Buffer.from([255, 0]) }));
    expect(media).toEqual({ event: 'media', streamSid: 'MZ1', media: { payload: Buffer.from([255, 0]).toString('base64') } });
    expect(JSON.parse(buildTwilioMessage('MZ1', { type: 'mark', name: 'p7' }))).toEqual({ event: 'mark', streamSid: 'MZ1', mark: { name: 'p7' } });
    expect(JSON.parse(buildTwilioMessage('MZ1', { type: 'clear' }))).toEqual({ event: 'clear', streamSid: 'MZ1' });
    expect(parseServiceMessage(buildTwilioMessage('MZ1', { type: 'clear' }))).toEqual({ type: 'clear' });
  });
});

describe('hostile carrier messages', () => {
  it('a start whose custom parameter has a non-callable toString is parsed without throwing, the bad value dropped', () => {
    const raw = JSON.stringify({ event: 'start', streamSid: 'MZ1', start: { callSid: 'CA1', customParameters: { from: { toString: 1 }, to: '+81' } } });
    expect(parseTwilioMessage(raw)).toEqual({ type: 'started', streamId: 'MZ1', callId: 'CA1', accountId: '', params: { to: '+81' } });
  });
  it('wrong types, arrays, oversized payloads and prototype keys are ignored', () => {
    const bad = [
      '[]', 'null', '1', '"x"', '{"event":{"toString":1}}',
      JSON.stringify({ event: 'start', start: 'x' }),
      JSON.stringify({ event: 'start', start: { callSid: { toString: 1 } } }),
      JSON.stringify({ event: 'media', media: { payload: 12 } }),
      JSON.stringify({ event: 'media', media: { payload: 'not base64!' } }),
      JSON.stringify({ event: 'media', media: { payload: 'A'.repeat(100_000) } }),
      JSON.stringify({ event: 'dtmf', dtmf: { digit: { toString: 1 } } }),
      JSON.stringify({ event: 'mark', mark: { name: ['p1'] } }),
      JSON.stringify({ event: 'text', text: 'x'.repeat(5000) }),
    ];
    for (const raw of bad) expect(() => parseTwilioMessage(raw)).not.toThrow();
    for (const raw of bad) expect(parseTwilioMessage(raw)).toBeNull();
    const proto = parseTwilioMessage('{"event":"start","start":{"customParameters":{"__proto__":{"polluted":"1"},"a":"b"}}}');
    expect(proto && proto.type === 'started' && proto.params).toEqual({ a: 'b' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
