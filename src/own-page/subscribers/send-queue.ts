/**
 * Confirmation mails in the background, a few at a time. The mailer's deadline counts from the
 * call, so handing it a burst at once would time out the tail of the burst while it waits for
 * a pooled connection; here each mail starts its clock when a slot is free. Bounded: past
 * `maxQueued` a mail is dropped (the caller logs it; the reader can ask again).
 */
export interface SendQueue {
  /** False when the queue is full and the job was dropped. */
  push(job: () => Promise<void>): boolean;
  /** Resolves once every queued and running job has finished. */
  idle(): Promise<void>;
}

export function createSendQueue(concurrency: number, maxQueued: number): SendQueue {
  const queued: (() => Promise<void>)[] = [];
  let running = 0;
  let waiters: (() => void)[] = [];
  const next = (): void => {
    while (running < concurrency && queued.length > 0) {
      const job = queued.shift();
      if (job === undefined) break;
      running += 1;
      void job()
        .catch(() => undefined)
        .finally(() => {
          running -= 1;
          next();
        });
    }
    if (running === 0 && queued.length === 0) {
      const wake = waiters;
      waiters = [];
      for (const w of wake) w();
    }
  };
  return {
    push(job) {
      if (queued.length >= maxQueued) return false;
      queued.push(job);
      next();
      return true;
    },
    idle() {
      if (running === 0 && queued.length === 0) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },
  };
}
