// A long-lived /bin/sh that runs one command at a time for the synthesisers (Open JTalk,
// espeak-ng): forking this large Node process for every sentence cost more CPU than some of the
// syntheses themselves; a small shell forks cheaply.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export const shellQuote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
/** A child's pipe as the sockets underneath have it (net.Socket's unref). */
type Unrefable = { unref?(): void };

/** A shell that runs one command at a time and says when each is done. */
export class ShellWorker {
  private proc: ChildProcessWithoutNullStreams | null = null;
  private buf = '';
  private waiter: ((code: number) => void) | null = null;

  private start(): ChildProcessWithoutNullStreams {
    const p = spawn('/bin/sh', [], { stdio: ['pipe', 'pipe', 'pipe'] });
    p.stdout.setEncoding('utf8');
    p.stdout.on('data', (d: string) => {
      this.buf += d;
      const m = /__done (\d+)\n/.exec(this.buf);
      if (m) {
        this.buf = this.buf.slice(m.index + m[0].length);
        const w = this.waiter;
        this.waiter = null;
        w?.(Number(m[1]));
      }
    });
    p.stderr.resume();
    p.on('exit', () => {
      this.proc = null;
      const w = this.waiter;
      this.waiter = null;
      w?.(-1);
    });
    p.unref();
    // The pipes are sockets underneath (net.Socket has unref); the stream types do not say so.
    (p.stdin as Unrefable).unref?.();
    (p.stdout as Unrefable).unref?.();
    (p.stderr as Unrefable).unref?.();
    return p;
  }

  run(command: string): Promise<number> {
    this.proc ??= this.start();
    const p = this.proc;
    return new Promise((resolve) => {
      this.waiter = resolve;
      p.stdin.write(`${command} </dev/null >/dev/null 2>&1; echo "__done $?"\n`);
    });
  }

  stop(): void {
    this.proc?.kill();
    this.proc = null;
  }
}
