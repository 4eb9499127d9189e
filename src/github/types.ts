/** A repository, as GitHub's REST paths want it. */
export interface RepoRef {
  owner: string;
  repo: string;
}

/** Where `plan --github` reports: resolved from GitHub Actions' environment or from flags. */
export interface GitHubContext {
  repo: RepoRef;
  pr: number;
  /** Head commit of the pull request; when absent it is read from the pull request. */
  sha?: string;
  token: string;
  /** REST API root (GITHUB_API_URL); default https://api.github.com. */
  apiUrl: string;
  /** Repository root on disk (GITHUB_WORKSPACE, else the working directory): annotation paths are relative to it. */
  repoRoot: string;
}

/** `--github --repo --pr --sha` as commander parses them. */
export interface GitHubCliOptions {
  github?: boolean;
  repo?: string;
  pr?: string | number;
  sha?: string;
}

/** Check-run conclusions orgplane sets. */
export type PlanConclusion = 'success' | 'failure' | 'neutral' | 'action_required';

/** A check-run annotation (REST field names). */
export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'notice' | 'warning' | 'failure';
  message: string;
  title?: string;
}
