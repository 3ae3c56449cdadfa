// What the benchmarks' service processes and their runner say to each other over the IPC channel
// (bench/calls.ts, bench/scale.ts). A message crosses a process boundary as JSON, so the receiver
// parses it; one that fits none of these is a bug in the bench and stops it loudly.
import { z } from 'zod';
import type { Expects } from '../engine/types.js';

const EXPECTS = ['intent', 'procedure', 'venue', 'date', 'time', 'datetime', 'choice', 'yesno', 'phone', 'name', 'birthdate', 'digits', 'none'] as const satisfies readonly Expects[];

/** Service process → runner. */
export const serviceMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('ready'), baseUrl: z.string() }),
  z.object({ t: z.literal('expects'), callId: z.string(), expects: z.enum(EXPECTS) }),
  z.object({ t: z.literal('call'), callId: z.string() }),
  z.object({ t: z.literal('turn'), ms: z.number() }),
  z.object({ t: z.literal('stopped'), emitted: z.number(), late: z.number() }),
  z.object({
    t: z.literal('report'),
    turns: z.array(z.number()), turnNodes: z.array(z.string()), turnEndJudgments: z.number(),
    endpoints: z.array(z.number()), dialogs: z.array(z.number()), outcomes: z.record(z.string(), z.number()),
    // NaN (no call booked) crosses the JSON channel as null.
    botSpeechS: z.number().nullable(), cache: z.unknown(), vadBatch: z.number(),
  }),
]);
export type ServiceMessage = z.infer<typeof serviceMessage>;
export type ServiceReport = Extract<ServiceMessage, { t: 'report' }>;

/** Runner → service process. */
export const runnerMessage = z.discriminatedUnion('t', [z.object({ t: z.literal('report') }), z.object({ t: z.literal('stop') })]);
export type RunnerMessage = z.infer<typeof runnerMessage>;

/** Sends from a service process (started with an IPC channel). */
export function toRunner(m: ServiceMessage): void {
  process.send!(m);
}
