// Starts V8's sampling profiler in the process that imports it and writes the profile to
// $CPU_PROFILE_DIR/<pid>-<service>.cpuprofile when the process exits (node refuses --cpu-prof in
// NODE_OPTIONS). For the Dapr bench's apps:
//   CPU_PROFILE_DIR=/tmp/prof BENCH_APP_NODE_OPTIONS="--import $PWD/tests/bench/cpu-profile-hook.mjs" npm run bench -- --runtime dapr ...
// The files open in Chrome's DevTools (Performance) or any .cpuprofile viewer.
import fs from 'node:fs';
import inspector from 'node:inspector';
import path from 'node:path';
import process from 'node:process';

const dir = process.env.CPU_PROFILE_DIR ?? '.';
const session = new inspector.Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.start');
process.on('exit', () => {
  // An in-process session answers synchronously, so the file is written before the process ends.
  session.post('Profiler.stop', (err, result) => {
    if (err) return;
    const entry = process.argv.find((a) => a.includes('/src/main.')) ?? process.argv[1] ?? 'node';
    const name = entry.split(path.sep).slice(-3)[0];
    fs.writeFileSync(path.join(dir, `${process.pid}-${name}.cpuprofile`), JSON.stringify(result.profile));
  });
});
