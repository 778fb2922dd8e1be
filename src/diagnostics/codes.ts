/**
 * Every problem the tool reports: its permanent code, its severity, and what
 * it means, as docs/diagnostics.md lists it (`npm run docs:diagnostics`
 * writes that page from this table, and a test checks it is current). A
 * code is a member of this table or the program does not compile.
 */
export const CODES = {
  FILE_NOT_UTF8: { severity: 'error', about: 'The brief is not valid UTF-8 text.' },
  FILE_BINARY: { severity: 'error', about: 'The brief holds a NUL byte: a binary file, or UTF-16 text.' },
  FILE_TOO_LARGE: { severity: 'error', about: 'The brief is larger than 2 MB.' },
  FILE_OUTSIDE_REPOSITORY: {
    severity: 'error',
    about: 'The brief is a symbolic link that leads outside the repository; it is not read.',
  },
  FRONT_MATTER_MISSING: { severity: 'error', about: 'The brief does not start with YAML front matter (`---`).' },
  FRONT_MATTER_UNCLOSED: { severity: 'error', about: 'The front matter has no closing `---`.' },
  FRONT_MATTER_LANGUAGE: {
    severity: 'error',
    about: 'Front matter in another language than YAML (e.g. `---js`): refused before parsing, never run.',
  },
  FRONT_MATTER_NOT_MAP: { severity: 'error', about: 'The front matter is not a map of keys and values.' },
  FRONT_MATTER_TOO_DEEP: { severity: 'error', about: 'The front matter is nested 32 levels deep or more.' },
  FRONT_MATTER_TOO_LARGE: {
    severity: 'error',
    about: 'The front matter has a list of 1,000 entries or more, or 50 aliases or more.',
  },
  YAML_SYNTAX: { severity: 'error', about: 'The front matter is not valid YAML.' },
  YAML_TAG: { severity: 'error', about: 'A YAML tag such as `!!js/function`: tags are refused.' },
  FRONT_MATTER_UNKNOWN_KEY: { severity: 'error', about: 'A key the schema does not know, with a "did you mean".' },
  FRONT_MATTER_MISSING_KEY: { severity: 'error', about: 'A required key is missing.' },
  FRONT_MATTER_INVALID: { severity: 'error', about: 'A value of the wrong type or form (a date that is not a date…).' },
  TEMPLATE_UNKNOWN: { severity: 'error', about: 'The brief names a template that `templates/` does not hold.' },
  TEMPLATE_SYNTAX: { severity: 'error', about: 'A template or partial is not valid Handlebars.' },
  TEMPLATE_SETTINGS_INVALID: { severity: 'error', about: "A template's settings (its front matter) are invalid." },
  TEMPLATE_PARTIAL_MISSING: { severity: 'error', about: 'A template uses a partial that does not exist.' },
  TEMPLATE_PARTIAL_DYNAMIC: {
    severity: 'error',
    about: 'A partial named by an expression rather than as written: refused.',
  },
  TEMPLATE_HELPER_UNKNOWN: { severity: 'error', about: 'A template uses a helper the tool does not provide.' },
  TEMPLATE_FIELD_MISSING: { severity: 'error', about: 'A template reads a field that does not exist.' },
  TEMPLATE_RUNTIME_ERROR: { severity: 'error', about: "A template failed on this brief's data." },
  TEMPLATE_OUTSIDE_REPOSITORY: {
    severity: 'error',
    about: 'A template or partial is a symbolic link out of the repository; it is not read.',
  },
  MARKINGS_INVALID: {
    severity: 'error',
    about: 'A marking scheme file (`templates/markings/NAME.yaml`) is not valid: its YAML, a level, a colour.',
  },
  MARKINGS_UNKNOWN: {
    severity: 'error',
    about: 'The brief or its template names a marking scheme that is neither built in nor in `templates/markings/`.',
  },
  CLASSIFICATION_UNKNOWN: {
    severity: 'error',
    about: "The brief's classification is not a level of its marking scheme, with a did-you-mean.",
  },
  RELEASE_LEVEL_OTHER_SCHEME: {
    severity: 'error',
    about: "`--release-level` names a level of another marking scheme than the brief's: it cannot be compared.",
  },
  MARKDOWN_UNSUPPORTED: { severity: 'error', about: 'Markdown the PDF cannot print: raw HTML, math.' },
  MARKDOWN_TOO_DEEP: { severity: 'error', about: 'Lists and quotations nested 24 levels deep or more.' },
  MARKDOWN_TOO_COMPLEX: { severity: 'error', about: 'Runaway emphasis or brackets in a paragraph.' },
  TABLE_TOO_LARGE: { severity: 'error', about: 'A table of 1,000 rows or 30 columns or more.' },
  WORD_TOO_LONG: { severity: 'error', about: 'A word of 400 characters or more, which no line can hold.' },
  IMAGE_INLINE: { severity: 'error', about: 'An image inside running text; images stand on a line of their own.' },
  IMAGE_INVALID: {
    severity: 'error',
    about:
      'An image that is missing, remote, outside the repository, of another format than PNG, JPEG or SVG, or an SVG that is not well-formed XML.',
  },
  ATTRIBUTE_INVALID: {
    severity: 'error',
    about:
      'Attributes in braces (`{#fig:id width=60%}`, `{#tbl:id widths="50,25,25"}`, `{#sec:id}`) that cannot be read or do not apply: an unknown key, a width that is not a percentage up to 100% or a length, column widths that do not match the columns, an id without its `fig:` or `tbl:` prefix.',
  },
  CROSSREF_UNKNOWN: {
    severity: 'error',
    about: 'A reference (`@fig:id`, `@tbl:id`, `@sec:id`) names no figure, table or heading of the brief.',
  },
  CROSSREF_DUPLICATE: {
    severity: 'error',
    about: 'Two figures, tables or headings with the same id: a reference to it could not say which.',
  },
  IMAGE_TOO_LARGE: { severity: 'error', about: 'An image of 20 MB or 50 megapixels or more.' },
  IMAGE_ALT_MISSING: {
    severity: 'error',
    about: 'An image without alt text and not marked decorative: a screen reader could not describe it.',
  },
  SVG_FONT_UNKNOWN: {
    severity: 'warning',
    about: 'A font family in an SVG image that maps to no embedded font; the text is set in the body font.',
  },
  FOOTNOTE_UNDEFINED: {
    severity: 'error',
    about: 'A footnote cited (`[^id]`) but never defined: it would print as written and its note would be lost.',
  },
  CITATION_UNKNOWN: {
    severity: 'error',
    about:
      'A citation (`[@id]`) or a key point\'s `source` names no source of the brief (its `sources` or its bibliography file), with a "did you mean".',
  },
  SOURCE_UNCITED: { severity: 'warning', about: 'A source with an `id` that the brief never cites.' },
  BIBLIOGRAPHY_INVALID: {
    severity: 'error',
    about: 'The `bibliography` file is missing, outside the repository, or not valid BibTeX or CSL JSON.',
  },
  SOURCE_FILE_INVALID: {
    severity: 'error',
    about: "A source's `file` is missing, outside the repository, or not a readable .txt, .md or .pdf file.",
  },
  QUOTE_NOT_IN_SOURCE: {
    severity: 'error',
    about:
      "A quotation attributed to a source is not in the source's file word for word; the hint shows the closest passage and where it is.",
  },
  FOOTNOTE_UNUSED: { severity: 'warning', about: 'A footnote defined but never cited: it is not printed.' },
  CODE_FENCE_UNCLOSED: {
    severity: 'warning',
    about: 'A code fence never closed: everything after it prints as code, footnote definitions included.',
  },
  HEADING_LEVEL_ONE: {
    severity: 'warning',
    about: 'A level-1 heading in the body: set as a level-2 heading (the title is the level-1 heading).',
  },
  BOTTOM_LINE_TOO_LONG: {
    severity: 'warning',
    about: 'A bottom line longer than the four lines it is documented to take.',
  },
  TABLE_ROW_TOO_WIDE: {
    severity: 'error',
    about: 'A table row with more cells than its header: the rest would print out of column.',
  },
  LINK_ANCHOR_UNKNOWN: { severity: 'error', about: 'A `#heading` link names no heading of the brief.' },
  LINK_BRIEF_MISSING: { severity: 'error', about: 'A link to another brief names a brief that does not exist.' },
  LINK_OUTSIDE_REPOSITORY: { severity: 'error', about: 'A link to another brief leads outside the repository.' },
  CHARACTER_UNCOVERED: {
    severity: 'error',
    about:
      'A character no embedded font covers (written as itself or as a character reference), or a control character.',
  },
  ATTACHMENT_INVALID: {
    severity: 'error',
    about:
      'An attachment that cannot be carried: a path outside the repository, a file that is not a PDF, a brief with problems, attachments of its own or another marking scheme.',
  },
  BOOK_INVALID: {
    severity: 'error',
    about: 'A book file (`books/NAME.yaml`) is not valid: its YAML, a key, a value, its marking scheme.',
  },
  BOOK_TAB_INVALID: {
    severity: 'error',
    about: "A book's tab that cannot be carried: a path outside the repository, or a brief with problems.",
  },
  BOOK_CLASSIFICATION_LOW: {
    severity: 'error',
    about: "A book's `classification` below the highest of its briefs'.",
  },
  CLEARANCE_PENDING: {
    severity: 'warning',
    about: 'A final decision or action memo with a clearance still pending or in draft (an error with `--strict`).',
  },
  SECTION_UNKNOWN: {
    severity: 'error',
    about: "`order` (the brief's or its template's) names a section the memo does not have, with a did-you-mean.",
  },
  PAGE_BUDGET_EXCEEDED: {
    severity: 'error',
    about: "The PDF is longer than the brief's or its template's `maxPages`.",
  },
  CONFORMANCE_ATTACHMENT: {
    severity: 'error',
    about: 'PDF/A-1b, which forbids embedded files, chosen for a brief with `attachSource: true`.',
  },
  REDLINE_NO_GIT: { severity: 'error', about: 'A redline needs the brief to be in a git repository.' },
  REDLINE_REVISION_UNKNOWN: {
    severity: 'error',
    about: 'The revision names no commit (in a shallow clone: fetch more).',
  },
  REDLINE_NOT_AT_REVISION: { severity: 'error', about: 'The brief did not exist at the revision.' },
  REDLINE_OLD_INVALID: {
    severity: 'error',
    about: 'The brief at the revision does not build, so there is nothing to compare.',
  },
  READER_LIST_MISSING: { severity: 'error', about: 'The reader list `briefs/lists/<name>.yaml` does not exist.' },
  READER_LIST_INVALID: { severity: 'error', about: 'The reader list is not a YAML list of `{name, organisation}`.' },
  OUTPUT_NOT_WRITABLE: { severity: 'error', about: 'The output folder cannot be written.' },
  PLACEHOLDER_TEXT: {
    severity: 'warning',
    about: 'Placeholder text (`TBD`, `TODO`, `XX`, `[INSERT …]`); an error with `--strict`.',
  },
} as const satisfies Record<string, { severity: 'error' | 'warning'; about: string }>;

export type Code = keyof typeof CODES;
