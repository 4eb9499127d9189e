// `npm run check:readme`: README.md's shell commands, run as a reader would (several minutes:
// two `npm ci` in copies of the repository), so CI runs it apart from `npm test`.
import { defineConfig } from 'vitest/config';
import base from './vitest.config.js';

export default defineConfig({
  ...base,
  test: { ...base.test, include: ['test/readme/**/*.check.ts'], testTimeout: 300_000, hookTimeout: 120_000 },
});
