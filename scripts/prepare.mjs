// `prepare`: builds dist/, so that `npm pack` and installs from git produce a runnable
// `orgplane`. npm runs it after `npm ci`/`npm install` in a clone, before `npm pack`, and
// in the temporary clone of a git install (`npm install -g git+https://…`).
//
// npm/cli#8440: for a *global* git install, npm's nested install in that clone inherits
// --global and installs nothing there, so the build finds no TypeScript. In exactly that
// case, install the locked dependencies into the clone first (scripts skipped: the `node`
// devDependency's binary download is not needed to compile).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

if (process.env.npm_config_global === 'true' && !existsSync(`${root}/node_modules/typescript/package.json`)) {
  const env = { ...process.env };
  for (const name of ['npm_config_global', 'npm_config_location', 'npm_config_prefix']) delete env[name];
  execFileSync(npm, ['ci', '--include=dev', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: root, env, stdio: 'inherit' });
}
execFileSync(npm, ['run', 'build'], { cwd: root, stdio: 'inherit' });
