#!/usr/bin/env node
// Entry point: the only place that calls process.exit.
import { runCli } from './cli/program.js';

const code = await runCli(process.argv);
process.exit(code);
