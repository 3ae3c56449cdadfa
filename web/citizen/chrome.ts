// What every citizens' page adds to the shared layout: its stylesheet and script, the section's
// home and name, the navigation, and the date formatters and link builder its templates use.
import type { FastifyReply } from 'fastify';
import type { TFunction } from 'i18next';
import { formatters } from './format.js';
import { flowUrl } from './flow.js';

export const STYLES = ['/assets/css/booking.css'];
export const SCRIPTS = ['/assets/js/booking.js'];

function chrome(t: TFunction, path: string) {
  return {
    styles: STYLES, scripts: SCRIPTS, home: '/booking/', serviceName: 'booking:serviceName',
    nav: [
      { href: '/booking/', label: t('booking:nav.book'), current: path === '/booking/' },
      { href: '/booking/lookup', label: t('booking:nav.lookup'), current: path === '/booking/lookup' },
    ],
  };
}

/** Renders views/citizen/<template>.eta with the section's layout data. `repost`: a page answering
 *  a form that only shows a step, so its language switch may post that form again (render.ts). */
export function view(reply: FastifyReply, template: string, data: Record<string, unknown>, title: string, status?: number, opts: { csrf?: boolean; repost?: boolean } = {}) {
  const lang = reply.request.lang;
  return reply.page(`citizen/${template}`, { ...data, chrome, fmt: formatters(lang), flowUrl }, { title, status, ...opts });
}
