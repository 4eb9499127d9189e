// The terminal's stderr is shared by a status line (progress), log lines and messages to the
// person. Everything written there goes through one StatusLine, which clears the status
// before a line is written and redraws it after, so `reading projects 14/14` never runs
// into a log line. Colours are decided here too, once for every writer.
import { styleText } from 'node:util';

export interface TerminalStream {
  isTTY?: boolean;
  columns?: number;
  write(chunk: string): unknown;
  /** tty.WriteStream's check of NO_COLOR, FORCE_COLOR, NODE_DISABLE_COLORS and TERM. */
  hasColors?: () => boolean;
}

const CLEAR_LINE = '\r\u001b[2K';

export class StatusLine {
  private status = '';

  constructor(private readonly stream: TerminalStream) {}

  /** True when a status line can be drawn (a terminal); off a terminal, set() draws nothing. */
  get live(): boolean {
    return this.stream.isTTY === true;
  }

  get columns(): number {
    // A pseudo-terminal nobody sized reports 0 columns: treat it as the classic 80.
    return this.stream.columns !== undefined && this.stream.columns > 0 ? this.stream.columns : 80;
  }

  /** Shows (or replaces) the status line. */
  set(text: string): void {
    if (!this.live || text === this.status) return;
    this.status = text;
    this.stream.write(`${CLEAR_LINE}${text}`);
  }

  /** Removes the status line; what follows starts at the left margin. */
  clear(): void {
    if (this.status !== '') this.stream.write(CLEAR_LINE);
    this.status = '';
  }

  /** Writes whole lines (a log line, a message) above the status line, which stays. */
  print(text: string): void {
    const status = this.status;
    this.clear();
    this.stream.write(text.endsWith('\n') ? text : `${text}\n`);
    if (status !== '') this.set(status);
  }
}

let stderrLine: StatusLine | undefined;

/** The process's one status line on stderr: logs, progress and messages all write through it. */
export function stderrStatus(): StatusLine {
  stderrLine ??= new StatusLine(process.stderr);
  return stderrLine;
}

/** One line to the person on stderr (never on stdout, which carries results). */
export function tell(text: string): void {
  stderrStatus().print(text);
}

let colorOff = false;

/** `--no-color`: no colour anywhere in this process, whatever the terminal and FORCE_COLOR say. */
export function disableColor(disabled = true): void {
  colorOff = disabled;
}

/**
 * Whether to colour what goes to this stream: `--no-color` turns it off; then, as Node's
 * util.styleText decides (its stream check is missing before Node 22.13), FORCE_COLOR wins
 * (pipes too), NO_COLOR turns it off, and otherwise only a terminal that has colours.
 */
export function colorFor(stream: TerminalStream, env: NodeJS.ProcessEnv = process.env): boolean {
  if (colorOff) return false;
  if (env.FORCE_COLOR !== undefined) return env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false';
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (stream.isTTY !== true) return false;
  return stream.hasColors?.() ?? true;
}

export type Style = Parameters<typeof styleText>[0];

/** Paints text with util.styleText when `enabled`; the caller decided with colorFor(). */
export function paint(style: Style, text: string, enabled: boolean): string {
  // validateStream off: the decision is made once, by colorFor, for the stream the text goes to.
  return enabled ? styleText(style, text, { validateStream: false }) : text;
}
