import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chartAssetFiles, chartFontFamily } from '#config/chart-assets';

/*
 * SVG to PNG with resvg, as WebAssembly: the binary comes inside its npm package
 * (@resvg/resvg-wasm), so nothing is downloaded or compiled at install, and the same file runs on
 * x86 and Arm Lambdas. WebAssembly has no system fonts: the chart's text is drawn with DejaVu Sans
 * from the dejavu-fonts-ttf package. In a Lambda bundle both files sit next to the code (copied
 * by TandemFunction for `drawsCharts`); elsewhere they are read from node_modules. Loaded only
 * when a chart is drawn (the weekly digest), never at a function's start.
 */

function assetPath(name: keyof typeof chartAssetFiles): string {
  const beside = fileURLToPath(new URL(`./${name}`, import.meta.url));
  if (existsSync(beside)) return beside;
  return createRequire(import.meta.url).resolve(chartAssetFiles[name]);
}

let loaded:
  | Promise<{ Resvg: typeof import('@resvg/resvg-wasm').Resvg; font: Uint8Array }>
  | undefined;

function load() {
  loaded ??= (async () => {
    const resvg = await import('@resvg/resvg-wasm');
    const [wasm, font] = await Promise.all([
      readFile(assetPath('resvg.wasm')),
      readFile(assetPath('chart-font.ttf')),
    ]);
    await resvg.initWasm(wasm);
    return { Resvg: resvg.Resvg, font: new Uint8Array(font) };
  })();
  return loaded;
}

/** The SVG drawn as a PNG `width` pixels wide, on white. */
export async function svgToPng(svg: string, width: number): Promise<Uint8Array> {
  const { Resvg, font } = await load();
  const image = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
    font: { fontBuffers: [font], defaultFontFamily: chartFontFamily, loadSystemFonts: false },
  });
  return image.render().asPng();
}
