// The hand-over summary: what was learnt, with the answers to the city's booking questions, and
// never a name, phone or birth date.
import { describe, expect, it } from 'vitest';
import { callBackWhen, handOverSummary } from './hand-over.js';
import { hoursSchema } from './scenario/hours.js';
import { Vars } from './vars.js';

describe('hand-over summary', () => {
  it('says the reason, the procedure and the booking answers, and no personal data', () => {
    const vars = new Vars({ intent: 'intent', procedure: 'procedure', name: 'name', phone: 'phone', visitor: 'text', documents_ready: 'text' });
    vars.set('intent', 'book'); vars.set('procedure', 'card_pickup'); vars.set('name', 'カワニシハナコ'); vars.set('phone', '09012345678');
    vars.set('visitor', '代理人');
    const s = handOverSummary('operator', {
      vars, venues: [], procedureLabel: (p) => (p === 'card_pickup' ? 'マイナンバーカードの受け取り' : p), node: 'ask_documents',
      answers: ['visitor', 'documents_ready'],
    });
    expect(s).toContain('手続き: マイナンバーカードの受け取り');
    expect(s).toContain('確認: visitor=代理人');
    expect(s).not.toContain('documents_ready');
    expect(s).not.toMatch(/カワニシ|09012345678/);
    expect(handOverSummary('operator', { vars, venues: [], procedureLabel: (p) => p, node: null })).not.toContain('確認');
  });
});

describe('when the city calls back', () => {
  const fallback = (hours?: unknown) => ({ transfer: true, transfer_text: '', announce_text: '', noinput: 'announce' as const, nomatch: 'transfer' as const, ...(hours ? { hours: hoursSchema.parse(hours) } : {}) });
  const at = (iso: string) => ({ now: () => new Date(iso) });
  const izunokuni = fallback([{ days: 'weekdays', from: '08:30', to: '17:15' }, { days: ['thu'], from: '17:15', to: '19:00' }]);
  it('later today while the line is staffed for an hour or more, else the next morning it is open', () => {
    expect(callBackWhen(izunokuni, at('2026-11-24T10:00:00+09:00'))).toBe('本日中に');
    expect(callBackWhen(izunokuni, at('2026-11-24T16:30:00+09:00'))).toBe('翌開庁日の午前中に'); // 45 minutes before closing
    expect(callBackWhen(izunokuni, at('2026-11-26T16:30:00+09:00'))).toBe('本日中に'); // Thursday: open until 19:00
    expect(callBackWhen(izunokuni, at('2026-11-24T18:30:00+09:00'))).toBe('翌開庁日の午前中に');
    expect(callBackWhen(izunokuni, at('2026-11-24T18:30:00+09:00'), 'en')).toBe('on the morning of the next business day');
    expect(callBackWhen(fallback(), at('2026-11-24T03:00:00+09:00'))).toBe('担当者の手が空き次第');
  });
});
