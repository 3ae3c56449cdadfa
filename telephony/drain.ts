// Stopping a process without dropping a call (SIGTERM at a rolling restart). Two steps:
//  1. `stopping`: readiness answers 503 so the balancer stops sending new calls here, but calls
//     still arriving are taken as usual for `readyLeadMs` — the time the balancer needs to notice
//     (HAProxy: check interval × fall, plus one interval). Without this lead, a call the balancer
//     sent in that window was turned away to the city line: a dropped call at every restart.
//  2. `draining`: new calls are sent to the city line; calls in progress get `graceMs` to end, the
//     rest hear `goodbye`, and each call's records are settled before the caller flushes events.
import type { TelephonyHandle } from './routes.js';

export interface DrainOptions {
  /** How long calls are still taken after readiness turned 503 (0: none; a lone process). */
  readyLeadMs: number;
  /** How long calls in progress may run on before they hear the goodbye. */
  graceMs: number;
  /** Said to calls still running after the grace period. */
  goodbye: string;
  log?: { info(o: object, msg: string): void };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Drains `handle`'s calls (see the file's comment); resolves once every call has ended. */
export async function drainCalls(handle: TelephonyHandle, o: DrainOptions): Promise<void> {
  handle.stopping = true;
  if (o.readyLeadMs > 0) {
    o.log?.info({ ms: o.readyLeadMs }, 'not ready: still taking calls until the balancer has noticed');
    await sleep(o.readyLeadMs);
  }
  handle.draining = true;
  const deadline = Date.now() + o.graceMs;
  while (handle.sessions.size > 0 && Date.now() < deadline) await sleep(250);
  const rest = [...handle.sessions];
  if (rest.length) o.log?.info({ calls: rest.length }, 'grace period over: ending calls with a goodbye');
  for (const s of rest) s.endWithSpeech(o.goodbye, 'shutdown');
  const byeDeadline = Date.now() + 20_000;
  while (handle.sessions.size > 0 && Date.now() < byeDeadline) await sleep(100);
  for (const s of handle.sessions) s.close('shutdown');
  // Each call's dialog records its end (outcome, dropout) before the events are flushed: those
  // ended here, and those that closed during the grace whose dialog is still at work.
  await settleCalls(handle, rest);
}

/** Waits (at most `capMs`) for the dialogs of closed calls (and of `also`) to finish their work,
 *  so their last events reach the sink before it closes. */
export async function settleCalls(handle: TelephonyHandle, also: readonly { settled(): Promise<void> }[] = [], capMs = 5000): Promise<void> {
  const work = [...also.map((s) => s.settled()), ...(handle.settling ?? [])].map((p) => p.catch(() => undefined));
  await Promise.race([Promise.all(work), sleep(capMs)]);
}

/** Whether the process should be sent new calls (for readiness). */
export function takingCalls(handle: TelephonyHandle): boolean {
  return !handle.stopping && !handle.draining;
}
