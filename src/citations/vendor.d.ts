/** citation-js's name parser ships no types: a name as CSL JSON parts. */
declare module '@citation-js/name' {
  export function parse(name: string): Record<string, string>;
}
