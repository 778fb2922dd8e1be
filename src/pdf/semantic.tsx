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

type TextProps = ComponentProps<typeof Text> & Semantic;
type ViewProps = ComponentProps<typeof View> & Semantic;
const PlainText = Text as ComponentType<TextProps & { structId: object }>;
const PlainView = View as ComponentType<ViewProps & { structId: object }>;

/**
 * `structId` is what makes the halves of a block split across pages one
 * structure element: react-pdf copies a continued node's props (to drop its
 * bookmark), and the copies share this object.
 */
export const SText = (props: TextProps) => <PlainText {...props} structId={{}} />;
export const SView = (props: ViewProps) => <PlainView {...props} structId={{}} />;

/** Whatever is drawn for the page and not for the reader (banners, headers, footers, watermarks). */
export const Artifact = (props: ComponentProps<typeof View>) => <SView tag="Artifact" {...props} />;
