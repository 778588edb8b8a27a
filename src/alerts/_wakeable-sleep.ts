/**
 * A sleep that a wake cuts short. A wake while nobody sleeps is kept for the next sleep: a hard
 * one (new deliveries written, stop) always, a soft one (slots freed) only until `forgetSoft`,
 * which the dispatcher calls after a claim that already used the freed slots.
 */
export function wakeableSleep() {
  let wakeUp: (() => void) | null = null;
  let kept: 'none' | 'soft' | 'hard' = 'none';
  return {
    sleep(ms: number): Promise<void> {
      if (kept !== 'none') {
        kept = 'none';
        return Promise.resolve();
      }
      return new Promise((resolve) => {
        const timer = setTimeout(done, ms);
        function done(): void {
          clearTimeout(timer);
          wakeUp = null;
          resolve();
        }
        wakeUp = done;
      });
    },
    wake(how: 'soft' | 'hard' = 'hard'): void {
      if (wakeUp !== null) wakeUp();
      else if (how === 'hard') kept = 'hard';
      else if (kept === 'none') kept = 'soft';
    },
    forgetSoft(): void {
      if (kept === 'soft') kept = 'none';
    },
  };
}
