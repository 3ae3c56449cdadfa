// The hand-over summary: what was learnt, with the answers to the city's booking questions, and
// never a name, phone or birth date.
import { describe, expect, it } from 'vitest';
import { handOverSummary } from './hand-over.js';
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
