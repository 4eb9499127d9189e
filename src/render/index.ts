// Renderers of a plan: terminal text, pull-request markdown, and the JSON plan file.
export { renderText, type TextRenderOptions } from './text.js';
export { renderMarkdown, DEFAULT_MARKDOWN_MAX_LENGTH, type MarkdownRenderOptions } from './markdown.js';
export { renderJson } from './json.js';
export { accessByPerson, type PersonAccess } from './access.js';
export { summaryLine, readLine } from './areas.js';
