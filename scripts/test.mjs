// `npm test [jest arguments]`: every test, in two passes. `npm start` (the start test) rebuilds dist/,
// so it runs after the tests that run the built code, never beside them. Arguments go to both passes.
import { spawnSync } from 'node:child_process';

const jest = ['--no-warnings=ExperimentalWarning', '--experimental-vm-modules', 'node_modules/jest/bin/jest.js'];
const args = process.argv.slice(2);
const only = args.indexOf('--selectProjects');
const passes =
  only >= 0
    ? [[]]
    : [
        ['--selectProjects', 'unit', 'int', 'e2e', 'distributed'],
        ['--selectProjects', 'start', '--passWithNoTests'],
      ];

let status = 0;
for (const pass of passes) {
  const run = spawnSync(process.execPath, [...jest, ...args, ...pass], { stdio: 'inherit' });
  status ||= run.status ?? 1;
}
process.exit(status);
