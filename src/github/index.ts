// GitHub integration: the plan on pull requests (sticky comment + check run) and drift issues.
export { createGitHubClient, DEFAULT_GITHUB_API_URL, rateLimitHandler } from './client.js';
export type { GitHubClient, GitHubClientOptions } from './client.js';
export { isGitHubContext, NO_TOKEN_REASON, resolveGitHubContext } from './context.js';
export type { GitHubContextResult, ResolveGitHubContextInput } from './context.js';
export { closeResolvedDriftIssue, DRIFT_LABEL, findDriftIssue, upsertDriftIssue } from './drift-issues.js';
export type { CloseResolvedDriftIssueInput, DriftIssueRef, UpsertDriftIssueInput } from './drift-issues.js';
export { isWriteDenied } from './errors.js';
export {
  CHECK_SUMMARY_MAX_LENGTH,
  COMMENT_MARKDOWN_BUDGET,
  COMMENT_MAX_LENGTH,
  driftMarker,
  planMarker,
} from './markdown.js';
export { registerGitHubOptions, runGitHubReport } from './plan-command.js';
export type { RunGitHubReportInput } from './plan-command.js';
export { CHECK_RUN_NAME, publishPlanReport, reportVerdict } from './pr-report.js';
export type { PublishPlanReportInput, PublishPlanReportResult, ReportVerdict } from './pr-report.js';
export type { CheckAnnotation, GitHubCliOptions, GitHubContext, PlanConclusion, RepoRef } from './types.js';
