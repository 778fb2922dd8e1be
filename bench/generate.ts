const WORDS = [
  'policy',
  'council',
  'sanctions',
  'dialogue',
  'treaty',
  'governance',
  'partners',
  'security',
  'order',
  'statement',
  'ministers',
  'framework',
  'alliance',
  'currency',
  'institutions',
  'analysis',
];

/**
 * A synthetic brief of roughly `pages` Letter pages, different for each seed,
 * for the benchmark. As a report (`report: true`) it has what real reports
 * have: a footnote about every 150 words, a table every fourth section and
 * nested lists; as notes lengthen it, it runs to more pages than asked.
 */
export function generateBrief(seed: number, pages: number, { report = false } = {}): string {
  // 32-bit integer arithmetic: a float product would lose the low bits, and every word would be the same.
  let state = seed + 1;
  const random = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 16;
  };
  const word = () => WORDS[random() % WORDS.length];
  const sentence = () => {
    const text = Array.from({ length: 14 }, word).join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  const notes: string[] = [];
  // A paragraph is 70 words: every other one cites a note.
  const paragraph = () => {
    const text = Array.from({ length: 5 }, sentence).join(' ');
    if (!report || random() % 2 === 0) return text;
    notes.push(`[^n${notes.length + 1}]: ${sentence()} ${sentence()}`);
    return `${text}[^n${notes.length}]`;
  };
  const list = () =>
    report
      ? `- ${sentence()}\n  - ${sentence()}\n  - ${sentence()}\n- ${sentence()}`
      : `- ${sentence()}\n- ${sentence()}\n- ${sentence()}`;
  const table = () =>
    [
      '| Measure | Partner | Assessment |',
      '|:--|:--|:--|',
      ...[1, 2, 3].map(() => `| ${word()} | ${word()} | ${sentence()} |`),
    ].join('\n');
  // Three sections fill about a page, after the first.
  const sections = Array.from({ length: Math.max(1, Math.round(pages * 2.5) - 2) }, (_, i) =>
    [
      `## Section ${i + 1}`,
      paragraph(),
      i % 3 === 0 ? list() : paragraph(),
      ...(report && i % 4 === 1 ? [table()] : []),
    ].join('\n\n'),
  );
  return `---
title: Generated brief ${seed}
date: 2021-03-29
to: Director
from: Analyst
summary: ${sentence()} ${sentence()}
recommendations:
  - action: Act on the first point.
    rationale: ${sentence()}
---
${sections.join('\n\n')}
${notes.length > 0 ? `\n${notes.join('\n\n')}\n` : ''}`;
}

/** The same report without its notes: what the notes cost is measured against it. */
export function withoutNotes(text: string): string {
  return text.replace(/\n\n?\[\^n\d+\]:[^\n]*/g, '').replace(/\[\^n\d+\]/g, '');
}
