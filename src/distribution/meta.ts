import type { Marking } from '../markings/marking.ts';
import type { Reader } from '../schema.ts';

/** What a distribution needs to know about a built brief: kept with each result and in the cache. */
export interface BriefMeta {
  title: string;
  classification: string;
  /** The classification's scheme, order and colours: what the release guard and the index page need. */
  marking: Marking;
  date: string;
  /** The bottom line, as plain text. */
  summary: string;
  template: string;
  version?: string;
  commit?: string;
  /** Not the released text: `status: draft`, or built from uncommitted changes (the PDF says DRAFT). */
  draft: 'draft' | 'uncommitted' | null;
  /** Readers named in the front matter, or the name of a list in briefs/lists/. */
  distribution?: Reader[] | string;
  /** Where the stamp and copies print (points from the page bottom). */
  copyLineY: number;
}
