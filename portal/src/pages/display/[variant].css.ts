import siteCss from '../../../public/site.css?raw';
import { DISPLAY_CONTRASTS, DISPLAY_SIZES, displayVariantCss, type Display } from '../../../../shared/http/display.ts';

/**
 * /display/<size>-<contrast>.css: the 长辈版 stylesheets for readers without JavaScript, made at build time
 * from /site.css itself (shared/http/display.ts), so large text and high contrast look the same with and
 * without scripts. `GET /api/v1/display.css` sends each page to the one its cookie chose.
 */
export function getStaticPaths() {
  return DISPLAY_SIZES.flatMap((size) => DISPLAY_CONTRASTS.map((contrast) => ({ params: { variant: `${size}-${contrast}` }, props: { size, contrast } })));
}

export const GET = ({ props }: { props: Display }) => new Response(displayVariantCss(siteCss, props), { headers: { 'content-type': 'text/css; charset=utf-8' } });
