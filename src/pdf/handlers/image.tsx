import { Image, Text } from '@react-pdf/renderer';
import type { Image as MdImage } from 'mdast';
import { SView } from '../semantic.tsx';
import type { Handler, RenderState } from '../state.ts';

/** An image on its own line: centred, scaled to the text width, with its title (or alt text) as caption. */
export function figure(node: MdImage, state: RenderState) {
  const asset = state.images.get(node.url);
  if (!asset) throw new Error(`Image "${node.url}" reached layout without being loaded`);
  const caption = node.title ?? node.alt;
  return (
    <SView tag="Figure" alt={node.alt ?? ''} style={state.styles.figure} wrap={false}>
      {/* react-pdf draws SVG buffers as vector paths, though its types name only png and jpg. */}
      <Image src={{ data: asset.data, format: asset.format as 'png' }} style={state.styles.image} />
      {caption ? <Text style={state.styles.caption}>{caption}</Text> : null}
    </SView>
  );
}

/** Images inside running text are refused by the check stage; only figures reach layout. */
export const image: Handler<MdImage> = (node, state) => figure(node, state);
