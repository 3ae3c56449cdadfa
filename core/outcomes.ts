// How a call ends. The dialog decides one of OUTCOMES (a scenario's `end` node names it); the
// carrier adds `transfer_failed` when the city line refused the hand-over; figures add
// `in_progress` for calls neither ended nor decided. `callback`: the caller wanted a person, nobody
// could take the call (nobody available, or outside the line's hours), and the city will call back
// (a follow-up was recorded): neither a dropout nor served without a person.

/** What a dialog decides at its end. */
export const OUTCOMES = ['booked', 'changed', 'cancelled', 'checked', 'transferred', 'abandoned', 'answered', 'callback'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Outcomes reached without a person (the completion-rate numerator). */
export const SELF_SERVICE_OUTCOMES = ['booked', 'changed', 'cancelled', 'checked', 'answered'] as const satisfies readonly Outcome[];

/** The carrier could not hand the call over (telephony's dropout reason and outcome): not a
 *  transfer in the figures. */
export const TRANSFER_FAILED = 'transfer_failed';

/** A call's outcome as the event log keeps it: the dialog's, or the carrier's failed hand-over. */
export type CallOutcome = Outcome | typeof TRANSFER_FAILED;
