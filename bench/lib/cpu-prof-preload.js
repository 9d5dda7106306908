/**
 * `npm run bench -- --cpu-prof`: loaded into every Node process of the bench's stack with
 * `NODE_OPTIONS=--require <this file>` (Node refuses `--cpu-prof` itself in NODE_OPTIONS). Samples the
 * process's CPU from start to exit with the inspector's profiler and writes a `.cpuprofile` (the format
 * `node --cpu-prof` writes) into BENCH_CPU_PROF_DIR when the process exits.
 */
'use strict';
const { Session } = require('node:inspector');
const { mkdirSync, writeFileSync } = require('node:fs');
const path = require('node:path');

const dir = process.env.BENCH_CPU_PROF_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  session.post('Profiler.enable');
  // 1 ms between samples: enough detail, little overhead.
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  process.on('exit', () => {
    if (written) return;
    written = true;
    // The in-process inspector answers synchronously, so this runs before the process is gone.
    session.post('Profiler.stop', (error, result) => {
      if (error || !result) return;
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, `CPU.${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  });
}
