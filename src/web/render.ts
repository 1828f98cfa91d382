// Nunjucks with autoescaping, reading our templates and govuk-frontend's
// macros straight from the installed package.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import nunjucks from 'nunjucks';
import { formatDate, formatDateRange, frameworkName, gradeTagClass, gradeText, headlineName, judgementName, pdfAt } from './format.ts';

const require = createRequire(import.meta.url);
export const GOVUK_DIST = join(dirname(require.resolve('govuk-frontend/package.json')), 'dist');
export const TEMPLATES = join(dirname(new URL(import.meta.url).pathname), 'templates');

export type Renderer = (template: string, context: Record<string, unknown>) => string;

/** `paths`: further template folders searched first (the workflow plugin's own templates). */
export function createRenderer(globals: Record<string, unknown> = {}, paths: string[] = []): Renderer {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader([...paths, TEMPLATES, GOVUK_DIST], { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
    trimBlocks: true,
    lstripBlocks: true,
  });
  env.addFilter('date', (v: string | null | undefined) => formatDate(v));
  env.addFilter('dateRange', (start: string | null, end: string | null) => formatDateRange(start, end));
  env.addFilter('grade', gradeText);
  env.addFilter('gradeClass', gradeTagClass);
  env.addFilter('framework', frameworkName);
  env.addFilter('judgement', judgementName);
  env.addFilter('headline', headlineName);
  env.addFilter('pdfAt', pdfAt);
  env.addFilter('includes', (haystack: string | null | undefined, needle: string | null | undefined) => Boolean(haystack && needle && haystack.includes(needle)));
  // A summary's text as blocks: a paragraph, or a lead-in line with its "- " list items.
  env.addFilter('blocks', (text: string | null | undefined) =>
    (text ?? '').split(/\n{2,}/).map((para) => {
      const lines = para.split('\n');
      const items = lines.filter((l) => l.startsWith('- ')).map((l) => l.slice(2));
      return { text: lines.filter((l) => !l.startsWith('- ')).join(' '), items };
    }),
  );
  env.addFilter('number', (n: number) => new Intl.NumberFormat('en-GB').format(n));
  for (const [k, v] of Object.entries(globals)) env.addGlobal(k, v);
  return (template, context) => env.render(template, context);
}
