// The staff console under /console/ and the live operator panel. Server-rendered pages whose
// routes call the staff API in-process (api.ts), so roles, audit and personal-data rules live in
// one place (admin-api). Forms post here with the page's CSRF token; scripts only enhance.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import { zodValidatorCompiler } from '../foundation/forms.js';
import type { Permission } from '../../admin-api/roles.js';
import type { ConsoleDeps } from '../context.js';
import { apiFor, type ApiCall } from './api.js';
import { registerAuthPages } from './auth-pages.js';
import { registerCalendarPages } from './calendar.js';
import { loadCityProfile } from '../../cities/profile.js';
import { registerBookingPages } from './bookings.js';
import { registerOperatorPanel } from './operators.js';
import { registerFollowUpPages } from './follow-ups.js';
import { registerInterpreterPanel } from './interpreter.js';
import { registerCallPages } from './calls.js';
import { registerFigurePages } from './figures.js';
import { registerReportPages } from './reports.js';
import { registerAlertPages } from './alerts.js';
import { registerFaqGapPages } from './faq-gaps.js';
import { registerAdminPages } from './admin-pages.js';
import { registerContentPages } from './content.js';
import { navFor, requireStaff, type Staff } from './session.js';
import { channelLabel } from '../../core/booking-types.js';
import { formatPhoneNumber } from '../../core/phone-number.js';

export interface ConsolePage {
  staff: Staff;
  api: ApiCall;
  /** Renders a console page with the role's navigation. */
  show(template: string, data: Record<string, unknown>, title: string, status?: number): Promise<FastifyReply>;
}

/** Opens a console page: signed in, the permission held, else redirected or refused (null). */
export type OpenPage = (req: FastifyRequest, reply: FastifyReply, perm?: Permission) => Promise<ConsolePage | null>;

export async function consolePages(app: FastifyInstance, deps: ConsoleDeps): Promise<void> {
  const prefix = deps.apiPrefix ?? '/api';
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  // Forms, query strings and route parameters are zod schemas on each route (foundation/forms.ts).
  app.setValidatorCompiler(zodValidatorCompiler);

  const open: OpenPage = async (req, reply, perm) => {
    const api = apiFor(app, prefix, req, reply);
    const staff = await requireStaff(req, reply, api, perm);
    if (!staff) return null;
    return {
      staff, api,
      show: (template, data, title, status) => {
        return reply.page(template, { ...data, staff, nav: navFor(staff.role, req.url.split('?')[0]), home: '/console/', serviceName: 'console:service', staffFooter: true, channelLabel: (c: string) => channelLabel(c, req.lang), phoneText: formatPhoneNumber, styles: ['/assets/css/console.css', ...((data.styles as string[]) ?? [])] }, { title, status });
      },
    };
  };

  registerAuthPages(app, prefix);
  app.get('/console/', async (req, reply) => {
    const p = await open(req, reply);
    if (!p) return reply;
    return p.show('console/home', {}, 'console:homeTitle');
  });
  registerCalendarPages(app, open);
  registerBookingPages(app, open, deps.procedures ?? loadCityProfile().procedures.map(({ id, label }) => ({ id, label })), deps.bookingQuestions ?? loadCityProfile().booking_questions);
  registerCallPages(app, open);
  registerFigurePages(app, open);
  registerReportPages(app, open);
  registerAlertPages(app, open);
  registerFaqGapPages(app, open);
  registerAdminPages(app, open);
  registerContentPages(app, open);
  registerOperatorPanel(app, open, deps.operators, deps.presence);
  registerFollowUpPages(app, open);
  registerInterpreterPanel(app, open, deps.interpreter);
}

