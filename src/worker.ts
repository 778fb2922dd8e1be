import { type BuildContext, type BuildResult, buildBrief } from './build.ts';
// Loaded with the worker, not on first use: the renderer is what a worker is for.
import './pdf/render.ts';
import { loadTemplates, type TemplateSet } from './stages/template.ts';

/** What a worker needs to build a brief: the build context without its compiled templates. */
export type WorkerContext = Omit<BuildContext, 'templates'> & { templatesDir: string };

let templates: Promise<TemplateSet> | undefined;

/**
 * One brief, built in a worker thread. Each worker compiles the templates
 * once and keeps its fonts parsed between briefs.
 */
export default async function build({ file, context }: { file: string; context: WorkerContext }): Promise<BuildResult> {
  templates ??= loadTemplates(context.templatesDir, context.cwd);
  return buildBrief(file, { ...context, templates: await templates });
}
