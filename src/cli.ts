#!/usr/bin/env node
// Entry point: the only place that calls process.exit.
// First: V8 heap sizing, before the program's modules load (src/cli/heap-defaults.ts).
import './cli/heap-defaults.js';
import { runCli } from './cli/program.js';

const code = await runCli(process.argv);
process.exit(code);
