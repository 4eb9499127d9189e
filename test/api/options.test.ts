import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, resolveClientOptions } from '../../src/api/options.js';

describe('resolveClientOptions', () => {
  it('reads OPENAI_ADMIN_KEY and defaults the base URL', () => {
    expect(resolveClientOptions({ env: { OPENAI_ADMIN_KEY: ' sk-admin-1 ' } })).toEqual({ baseUrl: 'https://api.openai.com/v1', adminKey: 'sk-admin-1' });
  });
  it('takes OPENAI_BASE_URL, and an explicit baseUrl over it, without a trailing slash', () => {
    expect(resolveClientOptions({ env: { OPENAI_ADMIN_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1/' } }).baseUrl).toBe('http://127.0.0.1:9/v1');
    expect(resolveClientOptions({ env: { OPENAI_ADMIN_KEY: 'k', OPENAI_BASE_URL: 'http://a/v1' }, baseUrl: 'http://b/v1' }).baseUrl).toBe('http://b/v1');
  });
  it('prefers the key file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgplane-key-'));
    const file = join(dir, 'key');
    writeFileSync(file, 'sk-admin-from-file\n');
    expect(resolveClientOptions({ env: { OPENAI_ADMIN_KEY: 'sk-admin-env' }, adminKeyFile: file }).adminKey).toBe('sk-admin-from-file');
  });
  it('says what to set when the key is missing', () => {
    expect(() => resolveClientOptions({ env: {} })).toThrow(ConfigError);
    expect(() => resolveClientOptions({ env: { OPENAI_ADMIN_KEY: '' } })).toThrow(/set OPENAI_ADMIN_KEY .* or pass --admin-key-file/);
  });
  it('says which key file cannot be read, without its content', () => {
    expect(() => resolveClientOptions({ env: {}, adminKeyFile: '/nonexistent/key' })).toThrow(/cannot read the admin key file \/nonexistent\/key \(ENOENT\)/);
  });
  it('warns, without the key, when other users can read the key file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgplane-key-'));
    const file = join(dir, 'key');
    writeFileSync(file, 'sk-admin-CANARY-0123456789abcdef\n');
    const warnings: string[] = [];
    chmodSync(file, 0o644);
    resolveClientOptions({ env: {}, adminKeyFile: file, onWarning: (m) => warnings.push(m) });
    chmodSync(file, 0o600);
    resolveClientOptions({ env: {}, adminKeyFile: file, onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([`the admin key file ${file} is readable by other users: chmod 600 it`]);
  });
  it('refuses a key with spaces or several lines, without echoing any of it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgplane-key-'));
    const file = join(dir, 'key');
    writeFileSync(file, 'sk-admin-CANARY-0123456789abcdef\nOPENAI_ORG=org-CANARY\n', { mode: 0o600 });
    const thrown = (run: () => unknown): Error => {
      try {
        run();
      } catch (error) {
        return error as Error;
      }
      throw new Error('did not throw');
    };
    const fromFile = thrown(() => resolveClientOptions({ env: {}, adminKeyFile: file }));
    const fromEnv = thrown(() => resolveClientOptions({ env: { OPENAI_ADMIN_KEY: 'Bearer sk-admin-CANARY-0123456789abcdef' } }));
    for (const error of [fromFile, fromEnv]) {
      expect(error).toBeInstanceOf(ConfigError);
      expect(`${error.message}${error.stack ?? ''}${JSON.stringify(error)}`).not.toContain('CANARY');
    }
    expect(fromFile.message).toMatch(/holds spaces or several lines/);
  });
  it('does not echo a key set as the base URL by mistake', () => {
    expect(() => resolveClientOptions({ env: { OPENAI_ADMIN_KEY: 'k', OPENAI_BASE_URL: 'sk-admin-CANARY-0123456789abcdef' } })).toThrow(
      'OPENAI_BASE_URL is not a URL: "sk-[redacted]"',
    );
  });
  it('does not echo a key passed as --admin-key-file by mistake', () => {
    expect(() => resolveClientOptions({ env: {}, adminKeyFile: 'sk-admin-CANARY-0123456789abcdef' })).toThrow(
      /^cannot read the admin key file sk-\[redacted\] \(ENOENT\)/,
    );
  });
  it('refuses a base URL that is not one', () => {
    expect(() => resolveClientOptions({ env: { OPENAI_ADMIN_KEY: 'k', OPENAI_BASE_URL: 'api.openai.com' } })).toThrow(/OPENAI_BASE_URL is not a URL/);
  });

  it('warns when the admin key would travel over plain http to another host, not to loopback', () => {
    const warnings: string[] = [];
    const env = { OPENAI_ADMIN_KEY: 'sk-admin-x' };
    resolveClientOptions({ env, baseUrl: 'http://127.0.0.1:8080/v1', onWarning: (m) => warnings.push(m) });
    resolveClientOptions({ env, baseUrl: 'https://api.openai.com/v1', onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual([]);
    resolveClientOptions({ env, baseUrl: 'http://proxy.internal/v1', onWarning: (m) => warnings.push(m) });
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('plain http to proxy.internal');
    expect(warnings[0]).not.toContain('sk-admin-x');
  });
});
