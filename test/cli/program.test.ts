import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../src/cli/program.js';

describe('orgplane --help', () => {
  it('lists every command of DESIGN.md and exits 0', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    const code = await runCli(['node', 'orgplane', '--help']);
    spy.mockRestore();
    expect(code).toBe(0);
    const help = out.join('');
    for (const command of ['validate', 'plan', 'apply', 'import', 'drift', 'daemon', 'emulator']) {
      expect(help).toContain(command);
    }
  });

  it('exits 1 on an unknown command', async () => {
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const code = await runCli(['node', 'orgplane', 'frobnicate']);
    spy.mockRestore();
    expect(code).toBe(1);
  });

  it('daemon takes the alert webhook from ORGPLANE_ALERT_WEBHOOK, and its help never shows the URL', async () => {
    const out: string[] = [];
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out.push(String(chunk));
      return true;
    });
    vi.stubEnv('ORGPLANE_ALERT_WEBHOOK', 'https://hooks.slack.com/services/T0/B0/CANARY');
    const code = await runCli(['node', 'orgplane', 'daemon', '--help']);
    vi.unstubAllEnvs();
    spy.mockRestore();
    expect(code).toBe(0);
    const help = out.join('');
    expect(help).toContain('env: ORGPLANE_ALERT_WEBHOOK');
    expect(help).not.toContain('CANARY');
  });
});
