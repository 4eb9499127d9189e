// `orgplane plan`: load the manifests, read the live organization, print the plan.
// Exit codes (DESIGN.md): 0 no changes (or changes without --detailed-exitcode), 2 changes
// with --detailed-exitcode, 1 error.
import { writeFileSync } from 'node:fs';
import { Option } from 'commander';
import { createAdminClient, resolveClientOptions } from '../../api/index.js';
import { terminalProgress } from '../../live/index.js';
import { createLogger } from '../../logging/logger.js';
import { formatProblem, ManifestError } from '../../manifest/index.js';
import { formatPlanProblem, PlanError, runPlanPipeline, serializePlan, type Plan } from '../../plan/index.js';
import { renderJson, renderMarkdown, renderText } from '../../render/index.js';
import type { RegisterCommand } from '../command.js';
import { EXIT } from '../exit-codes.js';

export type PlanFormat = 'text' | 'markdown' | 'json';

interface PlanOptions {
  config: string;
  format: PlanFormat;
  out?: string;
  detailedExitcode?: boolean;
  adminKeyFile?: string;
  baseUrl?: string;
  logFormat: 'json' | 'pretty';
}

export const registerPlan: RegisterCommand = (program, setExitCode) => {
  program
    .command('plan')
    .description('Read the live organization and print the plan')
    .option('--config <dir>', 'folder of manifests', 'policies')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'markdown', 'json']).default('text'))
    .option('--out <file>', 'also write the JSON plan here (for apply --plan)')
    .option('--detailed-exitcode', 'exit 2 when the plan has changes')
    .option('--admin-key-file <file>', 'read the admin key from this file instead of OPENAI_ADMIN_KEY')
    .option('--base-url <url>', 'Admin API root (default: OPENAI_BASE_URL or https://api.openai.com/v1)')
    .addOption(new Option('--log-format <format>', 'log format on stderr').choices(['json', 'pretty']).default('json'))
    .action(async (options: PlanOptions) => {
      setExitCode(await runPlanCommand(options));
    });
};

async function runPlanCommand(options: PlanOptions): Promise<number> {
  const logger = createLogger({ format: options.logFormat });
  const progress = terminalProgress(process.stderr);
  try {
    const clientOptions = resolveClientOptions({ env: process.env, adminKeyFile: options.adminKeyFile, baseUrl: options.baseUrl });
    const api = createAdminClient({ ...clientOptions, logger });
    const { plan, warnings } = await runPlanPipeline({ configDir: options.config, api, logger, onProgress: progress.update });
    progress.finish();
    for (const warning of warnings) console.error(formatProblem(warning));
    if (options.out !== undefined) writeFileSync(options.out, serializePlan(plan));
    process.stdout.write(render(plan, options.format));
    return options.detailedExitcode === true && plan.changes.length > 0 ? EXIT.changes : EXIT.ok;
  } catch (error) {
    progress.finish();
    if (error instanceof ManifestError) {
      for (const problem of error.problems) console.error(formatProblem(problem));
    } else if (error instanceof PlanError) {
      for (const problem of error.problems) console.error(formatPlanProblem(problem));
    } else {
      logger.error({ err: error }, 'plan failed');
      console.error(`error: ${error instanceof Error ? error.message : String(error)}`);
    }
    return EXIT.error;
  }
}

function render(plan: Plan, format: PlanFormat): string {
  if (format === 'json') return renderJson(plan);
  if (format === 'markdown') return renderMarkdown(plan);
  return renderText(plan, { color: process.stdout.isTTY && !process.env.NO_COLOR });
}
