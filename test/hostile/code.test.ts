import { existsSync } from 'node:fs';
import path from 'node:path';
import { toString as mdToString } from 'mdast-util-to-string';
import { describe, expect, it } from 'vitest';
import { ContentError, type Diagnostic } from '../../src/diagnostics/diagnostic.ts';
import { markBrief } from '../../src/markings/mark.ts';
import { applyTemplate } from '../../src/stages/apply-template.ts';
import { assembleMarkdown } from '../../src/stages/markdown.ts';
import { parseBrief } from '../../src/stages/parse.ts';
import { loadTemplates } from '../../src/stages/template.ts';
import { validateBrief } from '../../src/stages/validate.ts';
import { briefText, makeWorkspace } from '../helpers.ts';
import { source } from '../unit/fixtures.ts';

/**
 * No code from data: front matter is YAML read as plain data, templates run
 * without prototype access and with a fixed set of helpers and partials named
 * in the template, and a brief's body is never compiled.
 */

const diagnosticsOf = (run: () => unknown): Diagnostic[] => {
  try {
    run();
  } catch (error) {
    if (error instanceof ContentError) return error.diagnostics;
    throw error;
  }
  return [];
};
const places = (diagnostics: Diagnostic[]) => diagnostics.map((d) => `${d.code} ${d.file}:${d.line}:${d.column}`);

describe('front matter is data', () => {
  it.each(['js', 'javascript', 'coffee', 'coffeescript', 'json', 'toml', 'JS'])(
    '---%s front matter is refused before anything parses it',
    (language) => {
      const marker = path.join(makeWorkspace(), 'evaluated.txt');
      const payload = `{ title: (function(){ require('fs').writeFileSync(${JSON.stringify(marker)}, 'x'); return 'x' })() }`;
      const found = diagnosticsOf(() => parseBrief(source(`---${language}\n${payload}\n---\nBody.\n`)));
      expect(places(found)).toEqual(['FRONT_MATTER_LANGUAGE briefs/test.md:1:4']);
      expect(existsSync(marker)).toBe(false);
    },
  );

  it.each([
    ['!!js/function', 'title: !!js/function "function () { return process }"'],
    ['!!js/regexp', 'title: !!js/regexp /x/'],
    ['!!js/undefined', 'title: !!js/undefined ""'],
    ['!!python/object', 'title: !!python/object:os.system ["id"]'],
    ['a local tag', 'title: !custom x'],
    ['a verbatim tag', 'title: !<tag:yaml.org,2002:js/function> x'],
  ])('a YAML tag (%s) is refused → YAML_TAG', (_name, line) => {
    const found = diagnosticsOf(() => parseBrief(source(`---\n${line}\n---\nBody.\n`)));
    expect(found.map((d) => d.code)).toEqual(['YAML_TAG']);
    expect(found[0].line).toBe(2);
  });

  it('the core schema tags of plain data are read as data', () => {
    const parsed = parseBrief(source('---\ntitle: !!str 2021\nmaxPages: !!int "3"\n---\nBody.\n'));
    expect(parsed.data).toEqual({ title: '2021', maxPages: 3 });
  });
});

describe('templates', () => {
  const root = makeWorkspace({
    'templates/proto.hbs':
      '{{{body}}}\n\nA{{lookup this "constructor"}}B\n\nC{{#with (lookup this "__proto__")}}{{lookup this "toString"}}{{/with}}D\n\nE{{lookup title "constructor"}}F\n',
    'templates/proto-strict.hbs': '{{{body}}}\n\nX{{title.constructor}}Y\n',
    'templates/proto-call.hbs': '{{{body}}}\n\n{{#with title.constructor}}{{this}}{{/with}}\n',
    'templates/dynamic.hbs': '{{{body}}}\n\n{{> (lookup . "template")}}\n',
    'templates/concat.hbs': '{{{body}}}\n\nText {{> (concat "key" "-point")}}\n',
    'templates/helper.hbs': '{{{body}}}\n\n{{eval "process.exit(1)"}}\n',
    'templates/literal.hbs': '{{{body}}}\n\n## {{title}}\n',
  });
  const templatesOf = loadTemplates(path.join(root, 'templates'), root);
  const apply = async (name: string, text = briefText()) =>
    applyTemplate(markBrief(validateBrief(parseBrief(source(text))), await templatesOf, name), await templatesOf, name);

  it('prototype properties are never looked up: lookup and block helpers see nothing', async () => {
    const { markdown } = await apply('proto');
    expect(markdown).toContain('AB');
    expect(markdown).toContain('CD');
    expect(markdown).toContain('EF');
    expect(markdown).not.toMatch(/function|\[object|native code/);
  });

  it('a path through a prototype property is a located error or nothing, never a value (and never a crash)', async () => {
    // Strict mode looks "constructor" up in the title, a string: Handlebars
    // throws a TypeError there, which the template stage turns into a diagnostic.
    const strict = await apply('proto-strict').then(
      () => [],
      (error) => {
        if (!(error instanceof ContentError)) throw error;
        return error.diagnostics;
      },
    );
    expect(places(strict)).toEqual(['TEMPLATE_FIELD_MISSING templates/proto-strict.hbs:3:10']);
    // A helper's argument is looked up without strict mode: it finds nothing.
    const { markdown } = await apply('proto-call');
    expect(markdown).not.toMatch(/function|native code|\[object/);
  });

  it('a partial chosen at run time is refused when the template is loaded → TEMPLATE_PARTIAL_DYNAMIC', async () => {
    const templates = await templatesOf;
    const dynamic = templates.get('dynamic') as Diagnostic[];
    expect(places(dynamic)).toEqual(['TEMPLATE_PARTIAL_DYNAMIC templates/dynamic.hbs:3:1']);
    expect(dynamic[0].message).toContain('A partial must be named as written');
    const concat = templates.get('concat') as Diagnostic[];
    expect(places(concat)).toContain('TEMPLATE_PARTIAL_DYNAMIC templates/concat.hbs:3:6');
  });

  it('helpers are a fixed list: any other name is refused before the template runs', async () => {
    const helper = (await templatesOf).get('helper') as Diagnostic[];
    expect(places(helper)).toEqual(['TEMPLATE_HELPER_UNKNOWN templates/helper.hbs:3:1']);
  });

  it('a brief body and its values are data: Handlebars in them is printed, never run', async () => {
    const body = 'Body {{constructor.constructor "return process"}} and {{> key-point}} and {{#each x}}y{{/each}}.\n';
    const text = briefText({ title: `'{{lookup this "constructor"}} {{> key-point}}'`, body });
    const templated = await apply('literal', text);
    const tree = assembleMarkdown(templated).tree;
    const printed = mdToString(tree);
    // Printed as prose, so its straight quotes are set as typographic ones.
    expect(printed).toContain('Body {{constructor.constructor “return process”}} and {{> key-point}}');
    expect(printed).toContain('{{#each x}}y{{/each}}');
    expect(printed).toContain('{{lookup this “constructor”}} {{> key-point}}');
  });
});
