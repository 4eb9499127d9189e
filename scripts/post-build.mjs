// Makes the CLI entry executable so `bin: { orgplane: dist/cli.js }` works after a build.
import { chmodSync, existsSync } from 'node:fs';

const entry = new URL('../dist/cli.js', import.meta.url);
if (existsSync(entry)) chmodSync(entry, 0o755);
