#!/usr/bin/env node
// Entry point: the only place that calls process.exit. Written so that an old Node can parse
// it and say what is wrong (no top-level await, no newer syntax): the rest of orgplane is
// loaded only once the version is known to be right.
const major = Number(process.versions.node.split('.')[0]);
if (!(major >= 22)) {
  process.stderr.write(
    `orgplane needs Node.js 22 or newer; this is Node.js ${process.versions.node} (${process.execPath}). Install Node 22 or 24 (https://nodejs.org), or run the container image.\n`,
  );
  process.exit(1);
}
// V8 heap sizing first (src/cli/heap-defaults.ts), before the program's modules load.
void import('./cli/heap-defaults.js')
  .then(() => import('./cli/program.js'))
  .then(({ runCli }) => runCli(process.argv))
  .then((code) => process.exit(code));
