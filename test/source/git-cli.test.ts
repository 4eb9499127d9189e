// The git child process gets only what git needs: none of orgplane's own credentials.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { runGit } from '../../src/source/git-cli.js';

afterEach(() => vi.unstubAllEnvs());

describe('runGit', () => {
  it("keeps orgplane's credentials out of git's environment (hooks, ssh, credential helpers)", async () => {
    vi.stubEnv('OPENAI_ADMIN_KEY', 'sk-admin-CANARY-0123456789abcdef');
    vi.stubEnv('ORGPLANE_GIT_TOKEN', 'ghp_CANARYgit0123456789');
    vi.stubEnv('GITHUB_TOKEN', 'ghs_CANARYgh0123456789');
    vi.stubEnv('ORGPLANE_ALERT_WEBHOOK', 'https://hooks.slack.com/services/T0/B0/CANARY');
    vi.stubEnv('ORGPLANE_PROBE', 'still-here');
    // A shell alias prints the environment git's own children would see.
    const env = await runGit(['-c', 'alias.showenv=!env', 'showenv']);
    expect(env).toContain('ORGPLANE_PROBE=still-here');
    expect(env).not.toContain('CANARY');
  });

  it('scrubs the fallback message too, when git fails with nothing on stderr', async () => {
    const error = (await runGit(['-c', 'alias.fail=!exit 3 https://x:CANARYtoken@example.test/', 'fail']).catch((e: unknown) => e)) as Error;
    expect(error.message).toMatch(/^git .*failed/);
    expect(`${error.message}${error.stack ?? ''}${JSON.stringify(error)}`).not.toContain('CANARY');
  });
});
