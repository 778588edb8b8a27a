/**
 * Progress for long commands: a redrawn bar with rate and ETA on a terminal, and a plain line
 * every 10% otherwise (CI logs and pipes should not fill with carriage returns).
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr) {
  // The clock starts at the first item, so set-up work before it does not skew rate and ETA.
  let started: number | null = null;
  let lastDecile = -1;
  return {
    update(done: number, total: number): void {
      started ??= performance.now();
      const elapsed = (performance.now() - started) / 1000;
      const rate = elapsed > 0 ? (done - 1) / elapsed : 0;
      const eta = rate > 0 ? (total - done) / rate : 0;
      const stats = `${done}/${total} ${rate.toFixed(1)}/s ETA ${eta.toFixed(1)}s`;
      if (stream.isTTY) {
        const width = 30;
        const filled = Math.round((done / Math.max(total, 1)) * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${stats}`);
        if (done === total) stream.write('\n');
        return;
      }
      const decile = Math.floor((done / Math.max(total, 1)) * 10);
      if (decile !== lastDecile) {
        lastDecile = decile;
        stream.write(`${label}: ${stats}\n`);
      }
    },
  };
}
