import { Text, View } from '@react-pdf/renderer';
import type { ComponentProps, ComponentType } from 'react';

/**
 * Text and View that carry the block's PDF structure type (`tag`: H2, P, L,
 * TH, Figure…, or `Artifact` for what is not content) with its alt text,
 * language and table scope. react-pdf keeps these props on its nodes, and
 * the tagging in patches/@react-pdf+render writes the structure tree from
 * them. `bookmark` works on Text and View, though react-pdf's types declare
 * it on Page only.
 */
export interface Semantic {
  tag?: string;
  alt?: string;
  lang?: string;
  scope?: 'Row' | 'Column';
  bookmark?: { title: string; ref?: string; parent?: string; expanded?: boolean };
}

export const SText = Text as ComponentType<ComponentProps<typeof Text> & Semantic>;
export const SView = View as ComponentType<ComponentProps<typeof View> & Semantic>;

/** Whatever is drawn for the page and not for the reader (banners, headers, footers, watermarks). */
export const Artifact = (props: ComponentProps<typeof View>) => <SView tag="Artifact" {...props} />;
