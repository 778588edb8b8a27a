import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with the plain lines CI readers look for: how many storage contract tests ran
 * on each database, then `N passed, N failed, N skipped`.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: readonly TestModule[]): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const contract = { sqlite: 0, postgres: 0 };
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
        if (state !== 'passed') continue;
        if (test.fullName.includes('store contract [sqlite]')) contract.sqlite++;
        if (test.fullName.includes('store contract [postgres]')) contract.postgres++;
      }
    }
    const out = process.stdout;
    out.write(
      `\nstore contract tests passed: sqlite ${contract.sqlite}, postgres ${contract.postgres}\n`,
    );
    out.write(`${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
