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
