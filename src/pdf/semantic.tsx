import { Text, View } from '@react-pdf/renderer';
import type { ComponentProps, ComponentType } from 'react';

/**
 * Text and View that carry the block's PDF structure type (`tag`: H2, L, TH,
 * Figure…) and alt text as props, so a later pass can write a structure tree
 * from the element tree. react-pdf keeps unknown props on its nodes and
 * ignores them. `bookmark` works on Text and View, though react-pdf's types
 * declare it on Page only.
 */
export interface Semantic {
  tag?: string;
  alt?: string;
  bookmark?: { title: string; ref?: string; parent?: string; expanded?: boolean };
}

export const SText = Text as ComponentType<ComponentProps<typeof Text> & Semantic>;
export const SView = View as ComponentType<ComponentProps<typeof View> & Semantic>;
