// Hidden markers that let orgplane find its own comment or issue again, and the
// last-resort size limits of GitHub's text fields.

/** Longest issue or pull-request comment body GitHub accepts ("maximum is 65536 characters"). */
export const COMMENT_MAX_LENGTH = 65_536;
/** Longest check-run `output.summary` (REST docs: "Maximum length: 65535 characters"). */
export const CHECK_SUMMARY_MAX_LENGTH = 65_535;
/**
 * What `renderMarkdown(plan, { maxLength })` may use inside a PR comment: the limit less
 * room for the marker, the status lines and the validation problems orgplane adds.
 */
export const COMMENT_MARKDOWN_BUDGET = 60_000;

/** `<!-- orgplane:plan -->`, or `<!-- orgplane:plan:DIR -->` for a config folder other than `policies`. */
export function planMarker(configKey: string | undefined): string {
  return configKey === undefined || configKey === DEFAULT_CONFIG_DIR
    ? '<!-- orgplane:plan -->'
    : `<!-- orgplane:plan:${escapeMarkerValue(configKey)} -->`;
}

export function driftMarker(key: string): string {
  return `<!-- orgplane:drift:${escapeMarkerValue(key)} -->`;
}

export const DEFAULT_CONFIG_DIR = 'policies';

/** An HTML comment ends at `--` followed by `>`; keep keys from closing the marker. */
function escapeMarkerValue(value: string): string {
  return value.replaceAll('--', '-%2D').replaceAll('>', '%3E');
}

/**
 * Cut `text` so that it fits `maxLength` (UTF-16 units, which never undercount GitHub's
 * characters) with `note(omitted)` appended; cut at a line end when one is near so a
 * table row is not split, and never inside a surrogate pair.
 */
export function truncateText(text: string, maxLength: number, note: (omitted: number) => string): string {
  if (text.length <= maxLength) {
    return text;
  }
  // The note's length depends on the omitted count; size it for the worst case.
  const room = maxLength - note(text.length).length - 2;
  if (room <= 0) {
    return note(text.length).slice(0, maxLength);
  }
  let cut = room;
  const lineEnd = text.lastIndexOf('\n', cut);
  if (lineEnd > room / 2) {
    cut = lineEnd;
  }
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) {
    cut -= 1;
  }
  return `${text.slice(0, cut)}\n\n${note(text.length - cut)}`;
}

export function truncationNote(omitted: number): string {
  return `> [!NOTE]\n> The plan was truncated here: ${omitted} characters did not fit GitHub's size limit. Run \`orgplane plan\` locally or read the workflow log for the whole plan.`;
}
