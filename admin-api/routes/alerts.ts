// Supervisor alerts (admin-api/alerts.ts): the open and recent alerts, a live feed of changes,
// and the rules' thresholds. Every role that reads figures sees alerts; staff who run the day
// (schedule permission) set the thresholds.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ALERT_RULES, listAlerts, RULE_INFO, ruleSettings, saveRule } from '../alerts.js';
import type { Ctx } from '../context.js';
import { anyObject, errors, ok } from '../schemas.js';

const routes: FastifyPluginAsyncZod<{ ctx: Ctx }> = async (app, { ctx }) => {
  app.get('/alerts', {
    config: { auth: { perm: 'figures', action: 'alerts' } },
    schema: {
      tags: ['figures'], summary: 'Open alerts, then the most recent ended ones; `after` (an ISO instant from the last answer) gives only those changed since',
      querystring: z.strictObject({ after: z.iso.datetime().optional() }), response: { 200: anyObject, ...errors },
    },
  }, async (req) => listAlerts(ctx.db, { changedAfter: req.query.after ? new Date(req.query.after) : undefined }));

  app.get('/alerts/rules', {
    config: { auth: { perm: 'figures', action: 'alert_rules' } },
    schema: { tags: ['figures'], summary: 'Each alert rule: what it watches, its unit, its threshold and whether it is on', response: { 200: { type: 'array', items: anyObject }, ...errors } },
  }, async () => (await ruleSettings(ctx.db)).map((s) => ({ ...RULE_INFO[s.rule], ...s, default: RULE_INFO[s.rule].threshold })));

  app.put('/alerts/rules/:rule', {
    config: { auth: { perm: 'schedule', action: 'alert_rule_set' } },
    schema: {
      tags: ['figures'], summary: 'Sets a rule\'s threshold and whether it is on',
      params: z.strictObject({ rule: z.enum(ALERT_RULES) }),
      body: z.strictObject({ threshold: z.number().min(0).max(100_000), enabled: z.boolean() }),
      response: { 200: ok, ...errors },
    },
  }, async (req) => {
    await saveRule(ctx.db, { rule: req.params.rule, ...req.body }, req.staff!.account.email);
    req.auditRecord = req.params.rule;
    return { ok: true };
  });
};
export default routes;
