// `next=` after signing in: only same-origin paths, whatever a stranger puts in the link.
import { describe, expect, it } from 'vitest';
import { safeNext } from './api.js';

const HOME = '/console/';

describe('safeNext', () => {
  it.each([
    ['/console/bookings?day=2026-12-01', '/console/bookings?day=2026-12-01'],
    ['/console/', '/console/'],
    ['/console/calendar#today', '/console/calendar#today'],
    ['/console/./bookings', '/console/bookings'],
    ['/%2F%2Fevil.example/', '/%2F%2Fevil.example/'], // an encoded slash stays in the path
    ['/console/日程', '/console/%E6%97%A5%E7%A8%8B'],
  ])('keeps the same-origin path %j', (given, wanted) => {
    expect(safeNext(given)).toBe(wanted);
  });

  it.each([
    '//evil.example/', '///evil.example/', '/\\evil.example/', '\\\\evil.example', '/\t/evil.example/', '/\n/evil.example/',
    '/\r\n/evil.example', '/\u000b/x', '/\u0000/x', '/\u007f/x', '/ /evil.example', '/\u3000/x', '/\u2028/x',
    'https://evil.example/', 'http:/evil.example', 'javascript:alert(1)', 'evil.example', '', ' /console/',
    '/.//evil.example/', '/..//evil.example/', '/console/..//evil.example', `/${'x'.repeat(3000)}`,
    undefined, null, 42, ['/console/'], { toString: () => '/console/' },
  ])('refuses %j and goes home', (given) => {
    const got = safeNext(given);
    expect(got).toBe(HOME);
  });

  it('never returns a value a browser would read as another host or that breaks a Location header', () => {
    const pieces = ['/', '//', '\\', '\t', '\u000b', '.', '..', 'evil.example', '%2F', '%09', '@', ':', '?', '#', 'console'];
    const seen = new Set<string>();
    for (const a of pieces) for (const b of pieces) for (const c of pieces) {
      const out = safeNext(`/${a}${b}${c}`);
      seen.add(out);
      expect(out.startsWith('/') && !out.startsWith('//') && !/[\u0000-\u001f\u007f\\]/.test(out)).toBe(true);
      expect(new URL(out, 'https://city.example').host).toBe('city.example');
    }
    expect(seen.size).toBeGreaterThan(10);
  });
});
