import { Link } from '@react-pdf/renderer';
import { type CrossReference, referenceLabel } from '../../stages/crossref.ts';
import type { Handler } from '../state.ts';

/**
 * `@fig:id` prints its target's label ("Figure 2", "Table 1", "section 3"),
 * linked to it (named only, when the template does not print the body that
 * holds it: the brief card). The check stage refuses a reference to nothing; only a
 * redline's struck text, from the brief as it was, may name a target that is
 * gone, and prints as written.
 */
export const crossReference: Handler<CrossReference> = (node, state) => {
  const target = state.targets.get(node.id);
  if (!target) return `@${node.id}`;
  const label = referenceLabel(target, node.capital);
  if (target.unprinted) return label;
  state.linkTitles[node.id] ??= label;
  return (
    <Link src={`#${node.id}`} style={state.styles.crossReference}>
      {label}
    </Link>
  );
};
