/**
 * The files a function that draws charts (the weekly digest's PNG) carries next to its code, by
 * their name there and their package path: resvg's WebAssembly and the font its text is drawn
 * with. The CDK bundling copies them (infra/tandem-function.ts); functions/adapters/resvg-png.ts
 * reads them, from beside the bundle or else from node_modules.
 */
export const chartAssetFiles = {
  'resvg.wasm': '@resvg/resvg-wasm/index_bg.wasm',
  'chart-font.ttf': 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
} as const;

/** The family name of that font, as the charts' SVG names it. */
export const chartFontFamily = 'DejaVu Sans';
