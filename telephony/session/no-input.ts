// The no-input timer: started when the caller has heard the whole prompt (its mark echoed) or
// after speech the service could not take; when it runs out while the call still listens and
// nobody speaks, the dialog gets `noinput`.
import type { LiveCall } from './live-call.js';

export class NoInputTimer {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly call: LiveCall) {}

  start(): void {
    this.clear();
    const c = this.call;
    const ms = c.timing.noInputMs(c.expects());
    this.timer = setTimeout(() => {
      this.timer = null;
      if (c.state !== 'listening' || c.parts.listener.utterance) return;
      c.session.deliver({ type: 'noinput' }, 'noinput');
    }, ms);
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
