from datetime import datetime, time, timedelta

import pytz
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .action_flow_rules import (
    ceil_to_step,
    check_time_range,
    class_transition_due,
    float_to_hm,
    is_on_step,
    next_action_deadline,
)
from .retention_bounds import SHORT_TEXT_MAX_LENGTH

# who may log for another salesperson.
LOG_FOR_OTHERS_GROUP = "sales_team.group_sale_manager"
# the composers a log's files are uploaded in (the Log action dialog, the log's own form).
ATTACHMENT_COMPOSERS = ("crm.action.log.wizard", "crm.action.log")


class CrmActionLog(models.Model):
    """AF-4: one executed action, kept in the customer's action history and chatter."""

    _name = "crm.action.log"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Action Log"
    _order = "date desc, start_time desc, id desc"
    _rec_name = "action_id"
    _check_company_auto = True

    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, index=True, ondelete="cascade",
        domain="[('is_company', '=', True)]", check_company=True,
    )
    contact_id = fields.Many2one("res.partner", domain="[('parent_id', '=', partner_id)]", check_company=True)
    lead_id = fields.Many2one(
        "crm.lead", string="Lead/Opportunity", index=True, ondelete="set null", check_company=True
    )
    campaign_id = fields.Many2one("utm.campaign")
    medium_id = fields.Many2one("utm.medium")
    action_id = fields.Many2one("crm.action", required=True, ondelete="restrict", check_company=True)
    result_id = fields.Many2one("crm.action.result", required=True, ondelete="restrict", check_company=True)
    outcome = fields.Selection(related="result_id.outcome", store=True)
    productive = fields.Boolean(related="result_id.productive", store=True)
    detail_id = fields.Many2one(
        "crm.action.detail", string="Detail Chosen", ondelete="set null", domain="[('action_id', '=', action_id)]",
    )
    detail = fields.Char(help="What justifies the result.", retention_text=SHORT_TEXT_MAX_LENGTH)
    description = fields.Html()
    date = fields.Date(required=True, default=fields.Date.context_today, index=True, retention_date=True)
    start_time = fields.Float(retention_finite=True)
    end_time = fields.Float(retention_finite=True)
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, default=lambda self: self.env.user,
        help="Who did the action: the author of the log. Only a sales manager may log for another salesperson.",
    )
    can_log_for_others = fields.Boolean(compute="_compute_can_log_for_others")
    notify_partner_ids = fields.Many2many("res.partner", "crm_action_log_notify_rel", string="Notify")
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    lost_reason_id = fields.Many2one("crm.lost.reason")
    account_class_id = fields.Many2one(
        "crm.account.class", string="Class when logged", readonly=True,
        help="The customer's class when the action was logged (class transitions count these).",
    )
    next_activity_id = fields.Many2one("mail.activity", string="Planned Next Action", readonly=True)
    expense_ids = fields.One2many(
        "crm.action.expense", "log_id", string="Expenses", help="What the action cost, expected and actual.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, compute="_compute_company_id", store=True, readonly=False, precompute=True,
        help="The customer's company (else the opportunity's, else the current company).",
    )

    @api.depends("partner_id", "lead_id")
    def _compute_company_id(self):
        for log in self:
            log.company_id = (
                log.partner_id.commercial_partner_id.company_id or log.lead_id.company_id
                or log.company_id or self.env.company
            )

    @api.depends("user_id")  # a dependency, so that the form's onchange computes it on new records
    @api.depends_context("uid")
    def _compute_can_log_for_others(self):
        allowed = self.env.user.has_group(LOG_FOR_OTHERS_GROUP)
        for log in self:
            log.can_log_for_others = allowed

    @api.depends("action_id", "result_id", "date")
    def _compute_display_name(self):
        for log in self:
            log.display_name = f"{log.action_id.name or ''} / {log.result_id.name or ''} ({log.date or ''})"

    # ------------------------------------------------------------------ checks

    @api.constrains("action_id", "result_id")
    def _check_result_action(self):
        for log in self:
            if log.result_id.action_id != log.action_id:
                raise ValidationError(
                    self.env._(
                        "Result “%(result)s” does not belong to action “%(action)s”.",
                        result=log.result_id.name, action=log.action_id.name,
                    )
                )

    @api.constrains("start_time", "end_time")
    def _check_times(self):
        for log in self:
            error = check_time_range(log.start_time, log.end_time)
            if error == "out_of_range":
                raise ValidationError(self.env._("Start and end times must be between 00:00 and 23:59."))
            if error == "end_before_start":
                raise ValidationError(self.env._("The end time cannot be before the start time."))
            if not (is_on_step(log.start_time) and is_on_step(log.end_time)):
                raise ValidationError(self.env._("Start and end times must be on 5-minute steps (e.g. 09:05)."))

    @api.constrains("action_id", "detail_id")
    def _check_detail(self):
        for log in self:
            if log.detail_id and log.detail_id.action_id != log.action_id:
                raise ValidationError(self.env._(
                    "Detail “%(detail)s” is not offered for action “%(action)s”.",
                    detail=log.detail_id.name, action=log.action_id.name,
                ))

    @api.constrains("campaign_id", "action_id")
    def _check_campaign_action(self):
        """AF-13: a campaign that restricts its actions refuses the others."""
        for log in self:
            offered = log.campaign_id and log.campaign_id._offered_actions()
            if offered and log.action_id not in offered:
                raise ValidationError(self.env._(
                    "Campaign “%(campaign)s” does not offer action “%(action)s”; it offers: %(offered)s.",
                    campaign=log.campaign_id.name, action=log.action_id.name,
                    offered=", ".join(offered.mapped("name")),
                ))

    @api.constrains("partner_id", "contact_id", "lead_id")
    def _check_contact_lead(self):
        for log in self:
            customer = log.partner_id.commercial_partner_id
            if log.contact_id and log.contact_id.commercial_partner_id != customer:
                raise ValidationError(
                    self.env._("Contact %(contact)s does not belong to customer %(customer)s.",
                               contact=log.contact_id.display_name, customer=customer.display_name)
                )
            lead_customer = log.lead_id.partner_id.commercial_partner_id
            if lead_customer and lead_customer != customer:
                raise ValidationError(
                    self.env._("Opportunity %(lead)s belongs to %(other)s, not to customer %(customer)s.",
                               lead=log.lead_id.name, other=lead_customer.display_name,
                               customer=customer.display_name)
                )

    @api.constrains("partner_id")
    def _check_partner_active(self):
        for log in self:
            if not log.partner_id.active:
                raise ValidationError(
                    self.env._("Customer %(customer)s is archived: no action can be logged on it.",
                               customer=log.partner_id.display_name)
                )

    # ------------------------------------------------------------------ trust

    def _check_author(self, user_ids, changing=False):
        """A log is by its author: only a sales manager may log for (or re-assign a log to) someone else.

        Pack code running as superuser (``sudo()``) is not restricted.
        """
        if self.env.su or self.env.user.has_group(LOG_FOR_OTHERS_GROUP):
            return
        others = self.env["res.users"].sudo().browse(
            {uid for uid in user_ids if uid and (changing or uid != self.env.uid)}
        )
        if changing and others:
            raise AccessError(self.env._(
                "Only a sales manager may change the salesperson of a logged action (to %(users)s).",
                users=", ".join(others.mapped("name")),
            ))
        if others:
            raise AccessError(self.env._(
                "A log is by its author: %(user)s cannot log an action for %(others)s. "
                "Only a sales manager may log for another salesperson.",
                user=self.env.user.name, others=", ".join(others.mapped("name")),
            ))

    def _check_attachments(self, before=None):
        """Only files the user uploaded in the Log action dialog (or the log's form) are attached.

        The semantics of mail's composer (``_process_attachments_for_post``): an attachment qualifies when
        the current user created it and it is linked to the dialog (``crm.action.log.wizard``) or to this
        log (``crm.action.log`` with res_id 0 or the log). Files already on the log (``before``: log id ->
        attachment ids) stay. Anything else (another user's file, a file of another record) is refused.
        Superuser code is not restricted.
        """
        if self.env.su:
            return
        before = before or {}
        foreign = self.env["ir.attachment"]
        for log in self:
            new = log.sudo().attachment_ids.filtered(lambda a, log=log: a.id not in before.get(log.id, ()))
            foreign |= new.filtered(lambda a, log=log: not (
                a.create_uid.id == self.env.uid
                and a.res_model in ATTACHMENT_COMPOSERS
                and (a.res_model != self._name or a.res_id in (0, log.id))
            ))
        if foreign:
            raise AccessError(self.env._(
                "Only files you uploaded in this dialog can be attached to a logged action; "
                "these are not: %(files)s.",
                files=", ".join(foreign.mapped("name")),
            ))

    # ------------------------------------------------------------------ create

    @api.model_create_multi
    def create(self, vals_list):
        self._check_author([vals.get("user_id") for vals in vals_list])
        partners = self.env["res.partner"]
        for vals in vals_list:
            if vals.get("partner_id"):
                partner = partners.browse(vals["partner_id"]).commercial_partner_id
                vals["partner_id"] = partner.id
                vals.setdefault("account_class_id", partner.account_class_id.id)
            if vals.get("detail_id") and not vals.get("detail"):
                vals["detail"] = self.env["crm.action.detail"].browse(vals["detail_id"]).name
        logs = super().create(vals_list)
        logs._check_attachments()
        logs._apply_effects()
        return logs

    def write(self, vals):
        if "user_id" in vals and any(log.user_id.id != vals["user_id"] for log in self):
            self._check_author([vals["user_id"]], changing=True)
        before = {log.id: set(log.sudo().attachment_ids.ids) for log in self} if "attachment_ids" in vals else None
        res = super().write(vals)
        if before is not None:
            self._check_attachments(before)
        return res

    def _apply_effects(self):
        """Run what the results trigger, in the caller's transaction (an error undoes the whole log).

        Extension point: later addons (crm_loyalty) extend it with super().
        """
        for log in self:
            log._apply_class_transition()
            log._apply_lead_effects()
            if log.result_id.cancel_future_activities:
                log._cancel_future_activities()
            if log._next_action_mode() == "automatic":
                log.sudo().next_activity_id = log._plan_next_activity(
                    log._next_action_defaults()
                )
            log._post_in_chatter()

    # ------------------------------------------------------------------ effects

    def _apply_class_transition(self):
        """AF-8: the N-th log of a rule's result while in a class moves the account on."""
        partner = self.partner_id
        current = self.account_class_id
        if not current:
            return
        rule = self.env["crm.account.class.rule"].search(
            [("class_id", "=", current.id), ("result_id", "=", self.result_id.id)], limit=1
        )
        if not rule:
            return
        # Every log of the customer counts, including those the user's record rules hide.
        count = self.sudo().search_count(
            [("partner_id", "=", partner.id), ("result_id", "=", self.result_id.id),
             ("account_class_id", "=", current.id)]
        )
        if class_transition_due(count, rule.count):
            target = rule.next_class_id or current._next_class()
            if target:
                partner.account_class_id = target
                partner.message_post(
                    body=self.env._(
                        "Class changed from %(old)s to %(new)s after %(count)s × “%(result)s”.",
                        old=current.name, new=target.name, count=count, result=self.result_id.name,
                    ),
                    subtype_xmlid="mail.mt_note",
                )

    def _apply_lead_effects(self):
        """AF-5 lost, AF-6 stage move, AF-7 qualification."""
        lead = self.lead_id
        if not lead:
            return
        result = self.result_id
        rule = self.env["crm.qualification.rule"]._match(self.campaign_id, self.action_id, result)
        if rule and lead.type == "lead":
            if rule.effect == "convert":
                lead.convert_opportunity(self.partner_id)
            else:
                lead.stage_id = rule.stage_id
        if lead.type != "opportunity":
            return
        if result.outcome == "negative":
            reason = self.lost_reason_id or result.lost_reason_id
            if not reason:
                raise UserError(
                    self.env._("Result “%(result)s” marks opportunity “%(lead)s” lost: a lost reason is required.",
                               result=result.name, lead=lead.name)
                )
            lead.action_set_lost(lost_reason_id=reason.id)
        elif result.stage_id and lead.stage_id != result.stage_id:
            lead.stage_id = result.stage_id

    def _customer_activities(self):
        """Scheduled activities of the customer, its contacts and its opportunities."""
        partner = self.partner_id
        leads = self.env["crm.lead"].with_context(active_test=False).search(
            [("partner_id", "child_of", partner.id)]
        )
        contacts = self.env["res.partner"].with_context(active_test=False).search([("id", "child_of", partner.id)])
        return self.env["mail.activity"].search(
            ["|", "&", ("res_model", "=", "res.partner"), ("res_id", "in", contacts.ids),
             "&", ("res_model", "=", "crm.lead"), ("res_id", "in", leads.ids)]
        )

    def _cancel_future_activities(self):
        """AF-2: cancel the customer's activities that are not yet due (today's stay)."""
        today = fields.Date.context_today(self)
        future = self._customer_activities().filtered(lambda a: a.date_deadline > today)
        if future:
            future.unlink()

    def _log_tz(self):
        """The timezone the logged times are in: the salesperson's (else the current user's)."""
        return pytz.timezone(self.user_id.tz or self.env.user.tz or "UTC")

    def _log_local_datetime(self):
        """The logged date and start time, naive, in the salesperson's timezone."""
        hours, minutes = float_to_hm(self.start_time)
        return datetime.combine(self.date, time(hours, minutes))

    def _log_datetime(self):
        """The logged date and start time as a naive UTC datetime (times are in the user's timezone)."""
        return self._log_tz().localize(self._log_local_datetime()).astimezone(pytz.UTC).replace(tzinfo=None)

    def _next_action_deadline(self):
        """When the next action falls due (naive UTC): the log's local date and time plus the result's period.

        Working days are counted from the local day of the log on the company calendar (``plan_days``,
        public holidays as global leaves), so a late-evening log does not skip a working day.
        """
        calendar = self.company_id.resource_calendar_id

        def plan_working_days(days, start):
            if not calendar:
                return None
            calendar_tz = pytz.timezone(calendar.tz or "UTC")
            base = calendar_tz.localize(datetime.combine(start.date() + timedelta(days=1), time.min))
            planned = calendar.plan_days(days, base, compute_leaves=True)
            return planned and planned.astimezone(calendar_tz).replace(tzinfo=None)

        local_due = next_action_deadline(
            self._log_local_datetime(), self.result_id.period_type, self.result_id.period, plan_working_days
        )
        return self._log_tz().localize(local_due).astimezone(pytz.UTC).replace(tzinfo=None)

    def _campaign_flow(self):
        """AF-13: the campaign's override of the result's next action, if any."""
        return self.campaign_id and self.campaign_id._flow(self.result_id)

    def _next_action_mode(self):
        """What the result triggers (AF-3), as the log's campaign may override it (AF-13)."""
        flow = self._campaign_flow()
        return flow.next_action_mode if flow else self.result_id.next_action_mode

    def _next_action(self):
        """The action planned next: the campaign's (AF-13), else the result's, else the same action."""
        flow = self._campaign_flow()
        return (flow and flow.next_action_id) or self.result_id.next_action_id or self.action_id

    def _next_action_defaults(self):
        """The next action as AF-3 prefills it: contact, action, objective, responsible, note, date, duration.

        The date and time fall on the next 5-minute step (AF-12) of the deadline.
        """
        action = self._next_action()
        tz = self._log_tz()
        local_due = pytz.UTC.localize(self._next_action_deadline()).astimezone(tz).replace(tzinfo=None)
        due = tz.localize(ceil_to_step(local_due)).astimezone(pytz.UTC).replace(tzinfo=None)
        return {
            "contact_id": self.contact_id,
            "action_id": action,
            "summary": action.name,
            "user_id": self.user_id,
            "note": self.description,
            "datetime": due,
            "duration": action.duration,
        }

    def _plan_next_activity(self, values):
        """Plan the next action (AF-11) on the opportunity, else on the customer, and return its activity.

        ``values``: contact_id, action_id, summary, user_id, note, datetime (naive UTC), duration (hours).
        The activity is due on the local day of ``datetime`` for the responsible and keeps the start and the
        duration; a meeting-type action also books the calendar.event linked to the activity, as Odoo's
        meeting activities do (``calendar_event_id``).
        """
        action = values["action_id"]
        if not action.activity_type_id:
            raise UserError(
                self.env._("Action “%(action)s” has no activity type: it cannot be planned.", action=action.name)
            )
        record = self.lead_id if self.lead_id and self.lead_id.active else self.partner_id
        user = values["user_id"]
        when = values["datetime"]
        duration = values.get("duration") or 0.0
        tz = pytz.timezone(user.tz or self._log_tz().zone)
        local_when = pytz.UTC.localize(when).astimezone(tz)
        summary = values.get("summary") or action.name
        note = Markup(values.get("note") or "")
        contact = values.get("contact_id") or self.env["res.partner"]
        activity = record.activity_schedule(
            activity_type_id=action.activity_type_id.id,
            summary=summary,
            note=note,
            date_deadline=local_when.date(),
            user_id=user.id,
            planned_start=when,
            planned_duration=duration,
            action_contact_id=contact.id,
        )
        if action.activity_type_id.category == "meeting":
            self.env["calendar.event"].with_context(tz=tz.zone).create({
                "name": summary,
                "start": when,
                "stop": when + timedelta(hours=duration),
                "user_id": user.id,
                "partner_ids": [(6, 0, user.partner_id.ids)],
                "res_model_id": self.env["ir.model"]._get_id(record._name),
                "res_id": record.id,
                "description": note,
                "activity_ids": [(6, 0, activity.ids)],
            })
        return activity

    def _post_in_chatter(self):
        """Every log goes to the customer's chatter (and the opportunity's), with its recipients."""
        parts = [
            Markup("<b>%s</b> — %s") % (self.action_id.name, self.result_id.name),
        ]
        if self.detail:
            parts.append(escape(self.detail))
        if self.campaign_id or self.medium_id:
            parts.append(escape(" · ".join(n for n in (self.campaign_id.name, self.medium_id.name) if n)))
        # A manager's log for someone else says so (data files and crons, run as OdooBot, do not).
        author = self.create_uid or self.env.user
        if author != self.user_id and not author._is_superuser():
            parts.append(escape(self.env._(
                "Logged by %(author)s for %(salesperson)s", author=author.name, salesperson=self.user_id.name,
            )))
        body = Markup("<br/>").join(parts)
        if self.description:
            body += Markup(self.description)
        attachments = self.attachment_ids
        for record in (self.partner_id, self.lead_id):
            if not record:
                continue
            if attachments:
                attachments.sudo().write({"res_model": record._name, "res_id": record.id})
            record.message_post(
                body=body,
                partner_ids=self.notify_partner_ids.ids,
                attachment_ids=attachments.ids,
                subtype_xmlid="mail.mt_comment" if self.notify_partner_ids else "mail.mt_note",
            )
            attachments = self.env["ir.attachment"]  # post the files once

    # ------------------------------------------------------------------ actions

    def action_open_record(self):
        self.ensure_one()
        record = self.lead_id or self.partner_id
        return {"type": "ir.actions.act_window", "res_model": record._name, "res_id": record.id, "view_mode": "form"}
