// Groups calls that arrive while earlier ones are in flight into one call of `run` (one round
// trip, one commit for many bookings). A lone call goes out at once, so light load pays no
// latency; under load, batches grow by themselves. When a batch fails as a whole (a dropped
// connection, a deadlock), each of its items is tried once more on its own, so one bad item
// cannot fail its neighbours.
export interface Batcher<Req, Res> {
  submit(req: Req): Promise<Res>;
}

export function createBatcher<Req, Res>(opts: {
  run(batch: Req[]): Promise<Res[]>;
  maxBatch?: number;
  maxInFlight?: number;
}): Batcher<Req, Res> {
  const maxBatch = opts.maxBatch ?? 64;
  const maxInFlight = opts.maxInFlight ?? 4;
  type Item = { req: Req; resolve: (r: Res) => void; reject: (e: unknown) => void };
  const queue: Item[] = [];
  let inFlight = 0;
  let scheduled = false;

  const schedule = () => {
    if (scheduled || inFlight >= maxInFlight || queue.length === 0) return;
    scheduled = true;
    // A microtask, not setImmediate: test code with fake timers must not stall bookings.
    queueMicrotask(flush);
  };

  const send = async (items: Item[]) => {
    let results: Res[];
    try {
      results = await opts.run(items.map((i) => i.req));
      if (results.length !== items.length) throw new Error(`batch answered ${results.length} of ${items.length}`);
    } catch (e) {
      if (items.length === 1) { items[0].reject(e); return; }
      await Promise.all(items.map(async (item) => {
        try { item.resolve((await opts.run([item.req]))[0]); } catch (e2) { item.reject(e2); }
      }));
      return;
    }
    items.forEach((item, k) => item.resolve(results[k]));
  };

  const flush = () => {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      const items = queue.splice(0, maxBatch);
      inFlight++;
      void send(items).finally(() => { inFlight--; schedule(); });
    }
  };

  return {
    submit(req) {
      return new Promise<Res>((resolve, reject) => {
        queue.push({ req, resolve, reject });
        schedule();
      });
    },
  };
}
