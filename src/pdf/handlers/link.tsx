import { Link } from '@react-pdf/renderer';
import type { LinkReference, Link as MdLink } from 'mdast';
import type { Handler } from '../state.ts';

/** A link to another brief (`other.md`) points at its PDF, which the build writes beside this one. */
export const link: Handler<MdLink> = (node, state) => (
  <Link src={pdfTarget(node.url)} style={state.styles.link}>
    {state.all(node)}
  </Link>
);

function pdfTarget(url: string): string {
  return /^[^:/?#][^:?#]*\.md(#.*)?$/i.test(url) ? url.replace(/\.md(?=#|$)/i, '.pdf') : url;
}

/** `[text][ref]` links resolve through their definitions; an undefined reference prints as written. */
export const linkReference: Handler<LinkReference> = (node, state) => {
  const definition = state.definitions.get(node.identifier.toLowerCase());
  if (!definition) return [`[`, ...state.all(node), `]`];
  return (
    <Link src={definition.url} style={state.styles.link}>
      {state.all(node)}
    </Link>
  );
};

/** Definitions print nothing where they stand. */
export const definition: Handler = () => null;
