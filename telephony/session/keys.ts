// Keys (DTMF): they work at every prompt and cut it. Menus take one key at once; numbers (phone,
// dates as MMDD, times as HHMM, references) are collected until # or a pause between keys.
import type { Expects } from '../../engine/types.js';
import type { LiveCall } from './live-call.js';

const MULTI_KEY = new Set<Expects>(['phone', 'digits', 'birthdate', 'date', 'time', 'datetime']);

export class KeyCollector {
  private digits = '';
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly call: LiveCall) {}

  onKey(digit: string): void {
    const c = this.call;
    if (c.state === 'closed' || c.state === 'ending' || c.state === 'thinking' || c.state === 'starting') return;
    if (c.step.end) return; // the dialog is over: its last words play out
    if (c.state === 'playing') c.session.interruptPrompt('key');
    c.parts.noInput.clear();
    const expects = c.expects();
    // Numbers (phone, dates as MMDD, times as HHMM, references) take several keys: collect them
    // until # or a pause. Menus take one key at once.
    const multi = MULTI_KEY.has(expects);
    if (!multi) {
      c.session.deliver({ type: 'dtmf', digits: digit }, 'key');
      return;
    }
    if (digit === '#') {
      const d = this.digits;
      this.digits = '';
      this.clear();
      if (d) c.session.deliver({ type: 'dtmf', digits: d }, 'key');
      else c.parts.noInput.start();
      return;
    }
    this.digits += digit;
    this.clear();
    this.timer = setTimeout(() => {
      const d = this.digits;
      this.digits = '';
      if (d) c.session.deliver({ type: 'dtmf', digits: d }, 'key');
    }, c.timing.interDigitMs);
  }

  /** Stops waiting for the next key (the keys so far stay until # or the call ends). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
