// The status line shared by progress, logs and messages, the colour decision, and the
// logger's format for who reads stderr.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, resolveLogFormat } from '../../src/logging/logger.js';
import { colorFor, disableColor, paint, StatusLine } from '../../src/logging/terminal.js';

function terminal(isTTY = true) {
  const chunks: string[] = [];
  return { isTTY, columns: 80, chunks, write: (chunk: string) => chunks.push(chunk) };
}

afterEach(() => {
  disableColor(false);
  vi.unstubAllEnvs();
});

describe('StatusLine', () => {
  it('clears the status before a printed line and redraws it after', () => {
    const out = terminal();
    const status = new StatusLine(out);
    status.set('reading projects 14/14');
    status.print('WARN: rate limited');
    status.clear();
    expect(out.chunks.join('')).toBe('\r\u001b[2Kreading projects 14/14\r\u001b[2KWARN: rate limited\n\r\u001b[2Kreading projects 14/14\r\u001b[2K');
  });

  it('prints plain lines and draws no status off a terminal', () => {
    const out = terminal(false);
    const status = new StatusLine(out);
    status.set('reading projects 1/2');
    status.print('error: x');
    status.clear();
    expect(out.chunks).toEqual(['error: x\n']);
  });
});

describe('colorFor', () => {
  const tty = { isTTY: true, write: () => true, hasColors: () => true };
  const pipe = { isTTY: false, write: () => true };

  it('colours a terminal, not a pipe', () => {
    expect(colorFor(tty, {})).toBe(true);
    expect(colorFor(pipe, {})).toBe(false);
  });

  it('honours NO_COLOR, FORCE_COLOR (which wins, as in Node) and --no-color (which wins over both)', () => {
    expect(colorFor(tty, { NO_COLOR: '1' })).toBe(false);
    expect(colorFor(pipe, { FORCE_COLOR: '1' })).toBe(true);
    expect(colorFor(tty, { FORCE_COLOR: '0' })).toBe(false);
    expect(colorFor(tty, { NO_COLOR: '1', FORCE_COLOR: '1' })).toBe(true);
    disableColor();
    expect(colorFor(tty, { FORCE_COLOR: '1' })).toBe(false);
  });

  it('paints with util.styleText only when enabled', () => {
    expect(paint('red', 'x', true)).toBe('\u001b[31mx\u001b[39m');
    expect(paint('red', 'x', false)).toBe('x');
  });
});

describe('log format', () => {
  it('auto: pretty and quiet on a terminal, JSON at info elsewhere; an explicit format wins', () => {
    vi.stubEnv('ORGPLANE_LOG_LEVEL', undefined);
    expect(resolveLogFormat('auto', { isTTY: true })).toEqual({ format: 'pretty', level: 'warn' });
    expect(resolveLogFormat('auto', { isTTY: false })).toEqual({ format: 'json', level: 'info' });
    expect(resolveLogFormat('json', { isTTY: true })).toEqual({ format: 'json', level: 'info' });
    expect(resolveLogFormat('pretty', { isTTY: false })).toEqual({ format: 'pretty', level: 'info' });
    expect(resolveLogFormat(undefined, { isTTY: true })).toEqual({ format: 'json', level: 'info' });
    vi.stubEnv('ORGPLANE_LOG_LEVEL', 'debug');
    expect(resolveLogFormat('auto', { isTTY: true }).level).toBe('debug');
  });

  it('pretty logs are one line each, written through the status line at once, without what the command shows itself', () => {
    const out = terminal();
    const status = new StatusLine(out);
    const logger = createLogger({ format: 'pretty', terminal: status, colorize: false, shownElsewhere: ['change applied'] });
    status.set('reading projects 1/3');
    logger.warn({ route: '/organization/users', key: 'sk-admin-CANARY-0123456789' }, 'admin api rate limited, pausing client');
    logger.child({ change: 'org.role["x"]' }).info({ note: 'n' }, 'change applied');
    const text = out.chunks.join('');
    expect(text).toBe(
      '\r\u001b[2Kreading projects 1/3\r\u001b[2KWARN: admin api rate limited, pausing client {"route":"/organization/users","key":"[redacted]"}\n\r\u001b[2Kreading projects 1/3',
    );
  });

  it('JSON logs asked for on a terminal are written around the progress line too', () => {
    const out = terminal();
    const status = new StatusLine(out);
    const logger = createLogger({ format: 'json', terminal: status });
    status.set('reading projects 14/14');
    logger.info({ changes: 3 }, 'plan computed');
    const [cleared, record, redrawn] = out.chunks.slice(1);
    expect(cleared).toBe('\r\u001b[2K');
    expect(JSON.parse(record!)).toMatchObject({ level: 30, msg: 'plan computed', changes: 3 });
    expect(redrawn).toBe('\r\u001b[2Kreading projects 14/14');
  });
});
