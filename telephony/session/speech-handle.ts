// One handle per played step (or the rest of one after a false barge-in): the player checks it
// before sending each piece, so a cut, a new step or the end of the call stops the audio that is
// still being synthesised for it. It also says how far the caller got.
export class SpeechHandle {
  private cut = false;
  /** Session-clock ms of the last mark the carrier echoed for this speech (null: none yet). */
  heardUntil: number | null = null;
  /** Every prompt of it was heard (its last mark came back). */
  done = false;

  get interrupted(): boolean {
    return this.cut;
  }

  /** Stops it: no more audio of it goes out. */
  interrupt(): void {
    this.cut = true;
  }

  /** The carrier echoed one of its marks at `at`; `last` when it ended the speech. */
  heard(at: number, last: boolean): void {
    this.heardUntil = at;
    if (last) this.done = true;
  }
}
