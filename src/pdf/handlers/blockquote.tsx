import type { Blockquote, Paragraph } from 'mdast';
import { toString as mdToString } from 'mdast-util-to-string';
import { SText, SView } from '../semantic.tsx';
import type { Handler } from '../state.ts';

/** marginLeft + paddingLeft of styles.blockquote. */
const QUOTE_INDENT = 28;

/** GFM alert kinds (`> [!NOTE]`) and the colour of their rule. */
const CALLOUTS: Record<string, string> = {
  NOTE: '#1f6feb',
  TIP: '#1a7f37',
  IMPORTANT: '#8250df',
  WARNING: '#9a6700',
  CAUTION: '#cf222e',
};

/** A quotation set off and indented; a GFM alert (`> [!WARNING]`) becomes a labelled callout. */
export const blockquote: Handler<Blockquote> = (node, state) => {
  const kind = alertKind(node);
  if (!kind) {
    const last = node.children.at(-1);
    const attribution = last && isAttribution(last) ? last : undefined;
    const quote = attribution ? { ...node, children: node.children.slice(0, -1) } : node;
    // A short quotation (up to about five lines) is never split across pages.
    const short = mdToString(node).length < 480;
    return (
      <SView tag="BlockQuote" style={state.styles.blockquote} wrap={!short}>
        {{ ...state, indent: state.indent + QUOTE_INDENT }.all(quote)}
        {attribution ? (
          <SText tag="P" style={state.styles.attribution}>
            {state.all(attribution as Paragraph)}
          </SText>
        ) : null}
      </SView>
    );
  }
  const [first, ...rest] = node.children as [Paragraph, ...Blockquote['children']];
  const body: Blockquote = { ...node, children: [...stripMarker(first), ...rest] };
  return (
    <SView tag="Div" style={[state.styles.callout, { borderLeftColor: CALLOUTS[kind] }]} wrap={false}>
      <SText tag="P" style={[state.styles.calloutLabel, { color: CALLOUTS[kind] }]}>
        {kind}
      </SText>
      {state.all(body)}
    </SView>
  );
};

/** A last paragraph that starts with a dash names the source: "— Sergey Lavrov, Guilin". */
function isAttribution(node: Blockquote['children'][number]): boolean {
  return node.type === 'paragraph' && node.children[0]?.type === 'text' && /^(—|―|--)\s/.test(node.children[0].value);
}

function alertKind(node: Blockquote): string | undefined {
  const first = node.children[0];
  if (first?.type !== 'paragraph' || first.children[0]?.type !== 'text') return undefined;
  const kind = /^\[!(\w+)\]/.exec(first.children[0].value)?.[1]?.toUpperCase();
  return kind && kind in CALLOUTS ? kind : undefined;
}

/** Removes `[!KIND]` and the line break after it; drops the paragraph if nothing is left. */
function stripMarker(first: Paragraph): Paragraph[] {
  const [head, ...tail] = first.children;
  if (head.type !== 'text') return [first];
  const value = head.value.replace(/^\[!\w+\][ \t]*\n?/, '');
  const children = value ? [{ ...head, value }, ...tail] : tail;
  while (children[0]?.type === 'break') children.shift();
  return children.length ? [{ ...first, children }] : [];
}
