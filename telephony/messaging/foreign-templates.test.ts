// The booking messages in other languages against the Japanese defaults: the same template ids and
// the same {{placeholders}} in subject and body; and a booking made in Vietnamese is confirmed in
// Vietnamese (date, venue with its Latin reading, procedure), one made in Japanese in Japanese.
import { describe, expect, it } from 'vitest';
import { FOREIGN_TEMPLATES, writtenDateIn } from './foreign-templates.js';
import { DEFAULT_TEMPLATES } from './templates.js';
import { Messenger } from './messenger.js';
import { MemoryOutbox } from './outbox.js';
import type { BookingRecord } from '../../engine/ports.js';

const vars = (s: string | null | undefined) => [...(s ?? '').matchAll(/\{\{\s*([a-z_]+)\s*\}\}/g)].map((m) => m[1]).sort().join(',');

describe('booking messages in other languages', () => {
  for (const [lang, templates] of Object.entries(FOREIGN_TEMPLATES)) {
    it(`${lang}: every Japanese template, with its placeholders`, () => {
      const problems: string[] = [];
      for (const [id, ja] of Object.entries(DEFAULT_TEMPLATES)) {
        const t = templates[id];
        if (!t) { problems.push(`${lang}: missing template "${id}"`); continue; }
        if (vars(t.body) !== vars(ja.body)) problems.push(`${lang}: "${id}" body has {${vars(t.body)}}, Japanese has {${vars(ja.body)}}`);
        if (vars(t.subject) !== vars(ja.subject)) problems.push(`${lang}: "${id}" subject has {${vars(t.subject)}}, Japanese has {${vars(ja.subject)}}`);
      }
      for (const id of Object.keys(templates)) if (!DEFAULT_TEMPLATES[id]) problems.push(`${lang}: "${id}" is not a Japanese template`);
      expect(problems).toEqual([]);
    });
  }

  it('writes the date the way each language does', () => {
    expect(writtenDateIn('en', '2026-12-03')).toBe('Thursday, December 3');
    expect(writtenDateIn('zh', '2026-12-03')).toBe('12月3日星期四');
    expect(writtenDateIn('vi', '2026-12-03')).toBe('Thứ Năm, 3 tháng 12');
    expect(writtenDateIn('pt', '2026-12-03')).toBe('quinta-feira, 3 de dezembro');
  });

  it('sends a booking made in Vietnamese in Vietnamese, and one made in Japanese with the staff template', async () => {
    const clock = { now: () => new Date('2026-11-21T01:00:00Z') };
    const outbox = new MemoryOutbox(clock);
    const staff = { template: async (id: string) => (id === 'booked-sms' ? { body: '職員の文面 {{ref}}' } : null) };
    const m = new Messenger({
      sms: null, email: null, outbox, templates: staff, cityLine: '0586-28-8972', url: 'u',
      procedureLabels: { ecert_renewal: '電子証明書の更新' },
      languages: { vi: { procedures: { ecert_renewal: 'gia hạn giấy chứng nhận điện tử' }, venuesLatin: { bisai: 'văn phòng Bisai' } } },
    });
    const b: BookingRecord = { ref: '123456', venue: 'bisai', date: '2026-12-03', time: '09:30', procedure: 'ecert_renewal', name: 'Nguyen Van An', phone: '09012345678', birthDate: null, partySize: 1, status: 'active' };
    await m.notify('booked', { ...b, language: 'vi' }, '尾西庁舎', 'an@example.jp');
    await m.notify('booked', b, '尾西庁舎');
    const sent = (await outbox.list()).map((x) => x.body);
    expect(sent).toContain('Đã đặt lịch hẹn: Thứ Năm, 3 tháng 12 lúc 9:30, 尾西庁舎 (văn phòng Bisai) (gia hạn giấy chứng nhận điện tử). Mã số 123456. Muốn đổi hoặc hủy, xin gọi 0586-28-8972.');
    expect(sent.some((s) => s.startsWith('Kính gửi Nguyen Van An,'))).toBe(true);
    expect(sent).toContain('職員の文面 123456');
  });
});
