// Why a call, a prompt or a dialog ended the way it did: closed unions, written once here, so every
// writer is checked by the compiler and every reader matches whole values (never a prefix).
// Reasons a scenario names itself (a `transfer` node's `reason`, an `end` node's
// `transfer_reason` / `dropout_reason`) are the scenario's own words: a `ScenarioReason`, made only
// by `scenarioReason()` where a node hands them on, never a bare string.

/** Who stopped a prompt (bot_turn's `interruptedBy`): the caller's speech, keys or typed text, the
 *  session itself (its own last words), or the caller hanging up. */
export const BARGE_IN_CAUSES = ['speech', 'key', 'text', 'system', 'hangup'] as const;
export type BargeInCause = (typeof BARGE_IN_CAUSES)[number];
/** What can cut a prompt while the call goes on (a hang-up ends it). */
export type PromptCutCause = Exclude<BargeInCause, 'hangup'>;

/** Why the dialog gives up on itself and hands the call to the scenario's fallback (transfer to the
 *  city line, or reading its number out). */
export const FALLBACK_REASONS = ['noinput', 'nomatch', 'operator', 'loop', 'error'] as const;
export type FallbackReason = (typeof FALLBACK_REASONS)[number];

/** What the caller's failed turns are, as the dialog's dropout reason if they hang up on one. */
export const CALL_FAILURES = ['noinput', 'nomatch', 'recogniser_error'] as const;
export type CallFailure = (typeof CALL_FAILURES)[number];

/** Media-socket bounds that end a call (telephony/call-limits.ts). */
export const LIMIT_ENDS = ['no_start', 'silent_peer', 'max_duration', 'flood'] as const;
export type LimitEnd = (typeof LIMIT_ENDS)[number];

/** Why a call session closed. The ones that leave a caller behind become the dialog's dropout. */
export const CLOSE_REASONS = [
  'hangup', 'hangup_during_prompt', ...CALL_FAILURES, ...LIMIT_ENDS,
  'shutdown', 'error', 'transferred', 'transfer_unavailable', 'completed', 'test_over',
] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];
/** A close that leaves the caller behind (not a call served to its end or handed over). */
export type CallerLost = Exclude<CloseReason, 'transferred' | 'transfer_unavailable' | 'completed'>;
export const isCallerLost = (r: CloseReason): r is CallerLost => r !== 'transferred' && r !== 'transfer_unavailable' && r !== 'completed';

/** The carrier could not hand the call over: at once, or after the city line was rung. */
export const TRANSFER_FAILURES = ['transfer_failed', 'transfer_failed_after_handover'] as const;
export type TransferFailure = (typeof TRANSFER_FAILURES)[number];
export const isTransferFailure = (reason: string): reason is TransferFailure => (TRANSFER_FAILURES as readonly string[]).includes(reason);

/** A reason in the scenario's own words (`venue_full`, `not_found`), as its schema accepted it. */
export type ScenarioReason = string & { readonly scenarioReason: true };
export function scenarioReason(s: string): ScenarioReason {
  if (!s) throw new Error("a scenario's reason is not empty");
  return s as ScenarioReason;
}

/** Why a call was handed to a person: the dialog's own fallback reasons or the scenario's words. */
export type TransferReason = FallbackReason | ScenarioReason;

/** Why a caller was lost (an `abandoned` call's dropout): the session's close, the dialog's
 *  fallback that could not transfer, a failed hand-over, or the scenario's words. */
export type DropoutReason =
  | CallerLost
  | FallbackReason
  | TransferFailure
  | 'unknown'
  | ScenarioReason;
