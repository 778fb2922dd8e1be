/** A synthetic brief of roughly `pages` Letter pages, different for each seed, for the benchmark. */
export function generateBrief(seed: number, pages: number): string {
  const words = [
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
  let state = seed + 1;
  const word = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return words[state % words.length];
  };
  const sentence = () => {
    const text = Array.from({ length: 14 }, word).join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
  const paragraph = () => Array.from({ length: 5 }, sentence).join(' ');
  // Three sections fill about a page, after the first.
  const sections = Array.from({ length: Math.max(1, Math.round(pages * 3.3) - 4) }, (_, i) =>
    [
      `## Section ${i + 1}`,
      paragraph(),
      i % 3 === 0 ? `- ${sentence()}\n- ${sentence()}\n- ${sentence()}` : paragraph(),
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
`;
}
