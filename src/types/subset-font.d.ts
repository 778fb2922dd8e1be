declare module 'subset-font' {
  /** A font holding only the glyphs `text` needs (HarfBuzz's hb-subset, as WebAssembly). */
  export default function subsetFont(
    font: Uint8Array,
    text: string,
    options?: { targetFormat?: 'sfnt' | 'truetype' | 'woff' | 'woff2' },
  ): Promise<Buffer>;
}
