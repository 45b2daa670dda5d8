// Mocha's spec output, plus the run's counts written to $MODELREADY_STATS so scripts/test.mjs can sum suites.
const Mocha = require('mocha');
const { writeFileSync } = require('node:fs');

class CountingSpec extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      if (process.env.MODELREADY_STATS) {
        writeFileSync(process.env.MODELREADY_STATS, JSON.stringify({ passed: this.stats.passes, failed: this.stats.failures }));
      }
    });
  }
}
module.exports = CountingSpec;
