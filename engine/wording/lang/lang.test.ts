import { describe, expect, it } from 'vitest';
import { wordingFor } from './index.js';

const bisai = { id: 'bisai', name: '尾西庁舎', reading: 'びさいちょうしゃ', aliases: [], active: true };

describe('wording in each language', () => {
  it('English: weekday, month, ordinal day, am/pm', () => {
    const w = wordingFor('en');
    expect(w.dateTime('2026-12-03', '10:30')).toBe('Thursday, December 3rd at 10:30 am');
    expect(w.date('2026-12-01')).toBe('Tuesday, December 1st');
    expect(w.date('2026-12-12')).toBe('Saturday, December 12th');
    expect(w.date('2026-12-22')).toBe('Tuesday, December 22nd');
    expect(w.time('14:00')).toBe('2 pm');
    expect(w.time('12:00')).toBe('12 noon');
    expect(w.time('12:30')).toBe('12:30 pm');
    expect(w.phone('09012345678')).toBe('0 9 0, 1 2 3 4, 5 6 7 8');
    expect(w.phrases!.option(2, w.time('09:30'))).toBe('Number 2: 9:30 am');
  });
  it('Chinese, Korean, Vietnamese, Portuguese: as each language says a date and a time', () => {
    expect(wordingFor('zh').dateTime('2026-12-03', '10:30')).toBe('12月3日 星期四 上午10点半');
    expect(wordingFor('zh').time('14:00')).toBe('下午2点');
    expect(wordingFor('ko').dateTime('2026-12-03', '10:30')).toBe('12월 3일 목요일 오전 10시 30분');
    expect(wordingFor('ko').time('16:00')).toBe('오후 4시');
    expect(wordingFor('vi').date('2026-12-03')).toBe('3 tháng 12, thứ Năm');
    expect(wordingFor('vi').time('10:30')).toBe('10 giờ 30 sáng');
    expect(wordingFor('vi').time('14:00')).toBe('2 giờ chiều');
    expect(wordingFor('pt').dateTime('2026-12-03', '10:30')).toBe('quinta-feira, 3 de dezembro, às 10h30');
    expect(wordingFor('pt').time('14:00')).toBe('14h');
  });
  it('a Japanese venue keeps its Japanese name: the city label, else its reading romanised', () => {
    expect(wordingFor('en', { venues: { bisai: 'Bisai branch office' } }).venue(bisai)).toBe('Bisai branch office');
    expect(wordingFor('zh').venue(bisai)).toBe('Bisaichousha');
    expect(wordingFor('ja').venue(bisai)).toBe('びさい庁舎');
  });
  it('Portuguese says a place and a weekday with their article: no escritório, na Prefeitura, na quinta-feira, O posto… at a sentence start', () => {
    const finish = wordingFor('pt').finish!;
    expect(finish('quinta-feira, 3 de dezembro, às 10h, em escritório de Kisogawa.')).toBe('quinta-feira, 3 de dezembro, às 10h, no escritório de Kisogawa.');
    expect(finish('Os horários livres em Prefeitura de Ichinomiya (sede principal) são: 10h.')).toBe('Os horários livres na Prefeitura de Ichinomiya (sede principal) são: 10h.');
    expect(finish('escritório de Bisai está lotado em quinta-feira. posto de Oku estará fechado.')).toBe('O escritório de Bisai está lotado na quinta-feira. O posto de Oku estará fechado.');
    expect(finish('Qual horário em quinta-feira, 3 de dezembro? Fechado em sábado.')).toBe('Qual horário na quinta-feira, 3 de dezembro? Fechado no sábado.');
    // the template's own words are left alone: not a place's name, or already with its article
    expect(finish('Os escritórios estão fechados no sábado, no escritório de Bisai, em dezembro.')).toBe('Os escritórios estão fechados no sábado, no escritório de Bisai, em dezembro.');
    expect(wordingFor('en').finish).toBeUndefined();
  });
  it('Japanese keeps its words', () => {
    const w = wordingFor('ja');
    expect(w.dateTime('2026-12-03', '10:30')).toBe('12月3日 木曜日の午前10時半');
    expect(w.phrases!.option(1, '午前9時')).toBe('1番、午前9時');
  });
});
