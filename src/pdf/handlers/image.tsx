import { Image, Text } from '@react-pdf/renderer';
import type { Image as MdImage } from 'mdast';
import { isDecorative } from '../../stages/alt-text.ts';
import { crossrefData } from '../../stages/crossref.ts';
import { SText, SView } from '../semantic.tsx';
import type { Handler, RenderState } from '../state.ts';

/**
 * An image on its own line: centred, scaled to the text width (or to the
 * share of it that `{width=60%}` gives), with its title (or alt text) as
 * caption below it, numbered when it has a `fig:` id ("Figure 1."); a Figure
 * with its alt text for screen readers. A decorative image is an artifact,
 * without a caption.
 */
export function figure(node: MdImage, state: RenderState) {
  const asset = state.images.get(node.url);
  if (!asset) throw new Error(`Image "${node.url}" reached layout without being loaded`);
  const { attributes, label } = crossrefData(node);
  const width = attributes?.width ? { width: attributes.width } : {};
  // react-pdf draws SVG buffers as vector paths, though its types name only png and jpg.
  const image = <Image src={{ data: asset.data, format: asset.format as 'png' }} style={[state.styles.image, width]} />;
  if (isDecorative(node)) {
    return (
      <SView tag="Artifact" style={state.styles.figure} wrap={false}>
        {image}
      </SView>
    );
  }
  const caption = node.title ?? node.alt;
  if (label && attributes?.id) state.linkTitles[attributes.id] = label;
  return (
    <SView tag="Figure" id={attributes?.id} alt={node.alt ?? ''} style={state.styles.figure} wrap={false}>
      {image}
      {caption || label ? (
        <SText tag="Caption" style={state.styles.caption}>
          {/* A caption is a portion of its own, marked as paragraphs are. */}
          {state.portionMark ? `(${state.portionMark}) ` : ''}
          {label ? <Text style={state.styles.captionLabel}>{`${label}.${caption ? ' ' : ''}`}</Text> : null}
          {caption}
        </SText>
      ) : null}
    </SView>
  );
}

/** Images inside running text are refused by the check stage; only figures reach layout. */
export const image: Handler<MdImage> = (node, state) => figure(node, state);
