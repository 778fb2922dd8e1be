import type { Classification } from '../schema.ts';

/** Banner colours from the SF 706–712 labels (see MEMO-CONVENTIONS). */
export const BANNER_COLORS: Record<Classification, { background: string; text: string }> = {
  UNCLASSIFIED: { background: '#007A33', text: '#FFFFFF' },
  CUI: { background: '#502B85', text: '#FFFFFF' },
  CONFIDENTIAL: { background: '#0033A0', text: '#FFFFFF' },
  SECRET: { background: '#C8102E', text: '#FFFFFF' },
  'TOP SECRET': { background: '#FF8C00', text: '#000000' },
};
