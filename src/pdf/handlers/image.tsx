import { Image } from '@react-pdf/renderer';
import type { Image as MdImage } from 'mdast';
import { isDecorative } from '../../stages/alt-text.ts';
import { SText, SView } from '../semantic.tsx';
import type { Handler, RenderState } from '../state.ts';

/**
 * An image on its own line: centred, scaled to the text width, with its
 * title (or alt text) as caption; a Figure with its alt text for screen
 * readers. A decorative image is an artifact, without a caption.
 */
export function figure(node: MdImage, state: RenderState) {
  const asset = state.images.get(node.url);
  if (!asset) throw new Error(`Image "${node.url}" reached layout without being loaded`);
  // react-pdf draws SVG buffers as vector paths, though its types name only png and jpg.
  const image = <Image src={{ data: asset.data, format: asset.format as 'png' }} style={state.styles.image} />;
  if (isDecorative(node)) {
    return (
      <SView tag="Artifact" style={state.styles.figure} wrap={false}>
        {image}
      </SView>
    );
  }
  const caption = node.title ?? node.alt;
  return (
    <SView tag="Figure" alt={node.alt ?? ''} style={state.styles.figure} wrap={false}>
      {image}
      {caption ? (
        <SText tag="Caption" style={state.styles.caption}>
          {caption}
        </SText>
      ) : null}
    </SView>
  );
}

/** Images inside running text are refused by the check stage; only figures reach layout. */
export const image: Handler<MdImage> = (node, state) => figure(node, state);
