// Prints the closing line CI reads: "N passed, N failed" (and skipped), alone on a line.
class CountReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests
    const failed = results.numFailedTests + (results.numRuntimeErrorTestSuites || 0)
    process.stdout.write(
      `\n${results.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`
    )
  }
}
module.exports = CountReporter
