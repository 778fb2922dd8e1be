import { type BuildContext, type BuildResult, buildBrief } from './build.ts';
// Loaded with the worker, not on first use: the renderer is what a worker is for.
import './pdf/render.ts';
import { forgetRepositories } from './stages/provenance.ts';
import { loadTemplates, type TemplateSet } from './stages/template.ts';

/** What a worker needs to build a brief: the build context without its compiled templates. */
export type WorkerContext = Omit<BuildContext, 'templates'> & { templatesDir: string };

/** One brief to build, with the command it belongs to (src/worker-pool.ts) and that command's environment. */
export interface WorkerTask {
  file: string;
  context: WorkerContext;
  command: number;
  env: NodeJS.ProcessEnv;
}

let current: { command: number; templates: Promise<TemplateSet> } | undefined;

/**
 * One brief, built in a worker thread. A worker compiles the templates once
 * per command and keeps its fonts and layouts between briefs and commands.
 */
export default async function build({ file, context, command, env }: WorkerTask): Promise<BuildResult> {
  if (current?.command !== command) {
    // A new command, as a fresh process would see it: its environment, templates and repositories as they are now.
    for (const key of Object.keys(process.env)) if (!(key in env)) delete process.env[key];
    Object.assign(process.env, env);
    forgetRepositories();
    current = { command, templates: loadTemplates(context.templatesDir, context.cwd) };
  }
  return buildBrief(file, { ...context, templates: await current.templates });
}
