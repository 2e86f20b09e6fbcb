// Prints the plain closing line CI reads, and fails the run if any test was skipped:
// with REQUIRE_PEERS=1 nothing may be skipped (a skipped peer test would hide a missing install).
import { readFileSync } from 'node:fs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const passed = report.numPassedTests ?? 0;
const failed = report.numFailedTests ?? 0;
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
if (passed === 0 || failed > 0 || skipped > 0) process.exit(1);
