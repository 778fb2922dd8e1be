/**
 * Decision memos: recommendations worded "That you …" with lines to mark,
 * options weighed side by side, clearances, the approval block, a decision
 * date, and sections placed in the order a brief names. Read back from PDFs
 * built by the real command.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { helpers } from '../src/stages/template-helpers.ts';
import { briefText, makeWorkspace, runCli } from './helpers.ts';
import { flat, readPdf } from './pdf.ts';

const OPTIONS = `options:
  - title: Answer in public
    description: A speech that answers the statement on its own terms.
    pros: [Keeps the contrast in view]
    cons: Invites a reply
    recommended: true
  - title: Work through partners
    pros: Broader support
    risks: [Partners may differ]
`;
const RECOMMENDATIONS = `recommendations:
  - action: Approve a public answer to the joint statement.
    rationale: The statement recasts criticism as interference.
  - action: That you authorise coordination with partners.
`;
const BODY = '## Background\n\nThe background.\n\n## Outlook\n\nWhat to watch.\n';

async function build(extra: string, args: string[] = []) {
  const dir = makeWorkspace({ 'briefs/x.md': briefText({ extra, body: BODY }) });
  const run = runCli(dir, args);
  const file = path.join(dir, 'output/x.pdf');
  const pdf = run.code === 0 ? await readPdf(readFileSync(file)) : undefined;
  return { run, text: pdf ? flat(pdf.text) : '' };
}

const count = (text: string, word: string) => text.split(word).length - 1;

describe('a decision memo', () => {
  it('words its recommendations "That you …", each with lines to mark, and ends with the approval block', async () => {
    const { run, text } = await build(`memoType: decision\n${RECOMMENDATIONS}`);
    expect(run.code, run.stderr).toBe(0);
    expect(text).toContain('1. That you approve a public answer to the joint statement.');
    expect(text).toContain('2. That you authorise coordination with partners.');
    // Two recommendations and the approval block.
    expect(count(text, 'Disapprove')).toBe(3);
    expect(count(text, 'Let’s discuss')).toBe(3);
    expect(text).toMatch(/DECISION Approve Disapprove Let’s discuss Signature Date/);
    const info = await build(RECOMMENDATIONS);
    expect(info.text).toContain('1. Approve a public answer');
    expect(info.text).not.toContain('Disapprove');
    expect(info.text).not.toContain('That you approve');
  }, 60_000);

  it('compares options side by side in a table when they fit, and in sections when they do not', async () => {
    const { text } = await build(OPTIONS);
    expect(text).toMatch(
      /Options\s+Option A: Answer in public \(recommended\)\s+Option B: Work through partners\s+What/,
    );
    expect(text).toMatch(/For Keeps the contrast in view Broader support/);
    const many = OPTIONS + ['C', 'D'].map((l) => `  - title: Option ${l} title\n    pros: Something\n`).join('');
    const sections = (await build(many)).text;
    expect(sections).toMatch(/Option A: Answer in public \(recommended\) A speech that answers/);
    expect(sections).toContain('Option D: Option D title For: Something.');
    const two = await build(`${OPTIONS}  - title: Third\n    recommended: true\n`);
    expect(two.run.stderr).toContain('"options" may recommend one option at most');
  }, 90_000);

  it('shows the decision date, and flags it under the masthead when it is within a week of the memo', async () => {
    const near = (await build('decideBy: 2021-04-02\n')).text;
    expect(near).toContain('DECISION NEEDED BY APRIL 2, 2021');
    expect(near).toContain('DECIDE BY April 2, 2021');
    const far = (await build('decideBy: 2021-05-02\n')).text;
    expect(far).toContain('DECIDE BY May 2, 2021');
    expect(far).not.toContain('DECISION NEEDED');
  }, 60_000);

  it('prints the clearance block, and a pending clearance of a final decision memo fails under --strict', async () => {
    const clearances = `memoType: decision
clearances:
  - office: Human Rights Policy Staff
    name: A. Analyst
    status: cleared with edits
    date: 2021-03-28
  - office: IO Policy Staff
    status: pending
`;
    const { run, text } = await build(clearances);
    expect(run.code).toBe(0);
    expect(text).toContain(
      'Clearances Office Name Status Date Human Rights Policy Staff A. Analyst Cleared with edits Mar 28, 2021 IO Policy Staff Pending',
    );
    expect(run.stderr).toMatch(/briefs\/x\.md:14:13: warning: .*\[CLEARANCE_PENDING\]/);
    const strict = await build(clearances, ['--strict']);
    expect(strict.run.code).toBe(1);
    expect(strict.run.stderr).toMatch(/briefs\/x\.md:14:13: error: .*\[CLEARANCE_PENDING\]/);
    const draft = await build(`${clearances}status: draft\n`, ['--strict']);
    expect(draft.run.code, draft.run.stderr).toBe(0);
  }, 90_000);

  it('places sections in the order the brief names, and reports a section it does not have', async () => {
    const { text } = await build(`${OPTIONS}${RECOMMENDATIONS}order: [background, recommendations, outlook]\n`);
    const at = (heading: string) => text.indexOf(` ${heading} `);
    expect(at('Background')).toBeLessThan(at('Recommendations'));
    expect(at('Recommendations')).toBeLessThan(at('Outlook'));
    expect(at('Outlook')).toBeLessThan(at('Options'));
    // The bottom line's box is placed like a section: here after the background.
    const boxed = (await build('order: [background, bottom-line, outlook]\n')).text;
    expect(boxed.indexOf(' Background ')).toBeLessThan(boxed.indexOf('BOTTOM LINE'));
    expect(boxed.indexOf('BOTTOM LINE')).toBeLessThan(boxed.indexOf(' Outlook '));
    expect(boxed.match(/BOTTOM LINE/g)).toHaveLength(1);
    const wrong = await build('order: [background, outlok]\n');
    expect(wrong.run.code).toBe(1);
    expect(wrong.run.stderr).toMatch(/briefs\/x\.md:7:21: error: .*\[SECTION_UNKNOWN\]/);
    expect(wrong.run.stderr).toContain('Did you mean "outlook"?');
  }, 60_000);
});

describe('thatYou', () => {
  it('words an action as a decision, keeping acronyms and actions already worded so', () => {
    const thatYou = helpers.thatYou as (value: unknown) => string;
    expect(thatYou('Approve the plan.')).toBe('That you approve the plan.');
    expect(thatYou('UN bodies should be watched.')).toBe('That you UN bodies should be watched.');
    expect(thatYou('that you sign.')).toBe('That you sign.');
  });
});
