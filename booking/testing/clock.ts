// A clock tests set by hand: `now` in Tokyo time by default.
export interface TestClock { now(): Date; set(at: string | Date): void }

export function testClock(at: string | Date = '2026-11-21T10:00:00+09:00'): TestClock {
  let now = new Date(at);
  return {
    now: () => new Date(now.getTime()),
    set: (t) => { now = new Date(t); },
  };
}
