import datetime

import pytz

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression

from odoo.addons.crm_action_flow.models.retention_bounds import NAME_MAX_LENGTH

from . import journey_rules

# JO-11: who may be responsible for an event (Administrators imply it).
RESPONSIBLE_GROUP = "crm_action_flow.group_retention_analyst"
# JO-11: the event's calendar entry records the participants without notifying anyone.
CALENDAR_QUIET_CONTEXT = {"no_mail_to_attendees": True, "dont_notify": True, "mail_create_nosubscribe": True}
# JO-11: the event fields its calendar entry follows.
CALENDAR_FIELDS = ("name", "date", "start_time", "end_time", "user_id", "participant_ids", "description")

EVENT_STATUSES = [
    (journey_rules.EVENT_PLANNED, "Planned"),
    (journey_rules.EVENT_PENDING, "Pending"),
    (journey_rules.EVENT_DONE, "Done"),
    (journey_rules.EVENT_NOT_DONE, "Not done"),
]


class CrmJourneyEvent(models.Model):
    _name = "crm.journey.event"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Customer Journey Event"
    _order = "date desc, start_time desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Subject", required=True, retention_name=NAME_MAX_LENGTH)
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade", index=True, check_company=True
    )
    event_type = fields.Selection(
        [("call", "Call"), ("meeting", "Meeting"), ("note", "Note")],
        string="Type",
        required=True,
        default="call",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        domain=lambda self: [("groups_id", "in", self.env.ref(RESPONSIBLE_GROUP).ids)],
        help="Required for calls and meetings: an Analyst or an Administrator of the retention pack.",
    )
    participant_ids = fields.Many2many(
        "res.partner", string="Participants",
        help="Recorded with the event (and its calendar entry); they are never notified.",
    )
    date = fields.Date(required=True, default=fields.Date.context_today, retention_date=True)
    start_time = fields.Float(string="Start", default=lambda self: self._default_times()[0], retention_finite=True)
    end_time = fields.Float(string="End", default=lambda self: self._default_times()[1], retention_finite=True)
    description = fields.Text(retention_text=journey_rules.DESCRIPTION_MAX_LENGTH)
    add_to_calendar = fields.Boolean(
        help="Creates a calendar event for the responsible and the participants when saved."
    )
    calendar_event_id = fields.Many2one("calendar.event", string="Calendar event", readonly=True, copy=False)
    manual_state = fields.Selection(
        [(journey_rules.EVENT_DONE, "Done"), (journey_rules.EVENT_NOT_DONE, "Not done")],
        string="Set by hand",
        copy=False,
    )
    status = fields.Selection(
        EVENT_STATUSES,
        compute="_compute_status",
        search="_search_status",
        help="Done or Not done when set by hand; otherwise Planned (future) or Pending (past).",
    )
    milestone_ids = fields.Many2many(
        "crm.journey.partner.milestone",
        string="Completes milestones",
        domain="[('partner_id', '=', partner_id), ('is_current', '=', True), ('done_date', '=', False)]",
        help="Open milestones of the customer's current stage that this event completes when marked done.",
    )
    company_id = fields.Many2one(
        "res.company", compute="_compute_company_id", store=True, readonly=False, precompute=True,
        help="The customer's company (else the current company).",
    )

    @api.depends("partner_id")
    def _compute_company_id(self):
        for event in self:
            event.company_id = event.partner_id.commercial_partner_id.company_id or event.company_id or self.env.company

    @api.depends("event_type")
    def _compute_user_id(self):
        for event in self:
            if event.event_type == "note":
                event.user_id = False
            elif not event.user_id:
                event.user_id = self.env.user

    # ------------------------------------------------------------------ dates

    def _tz(self):
        return pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")

    @api.model
    def _default_times(self):
        """JO-11: now (next 5-minute step, user's timezone) to one hour later."""
        now_local = datetime.datetime.now(pytz.utc).astimezone(self._tz()).replace(tzinfo=None)
        return journey_rules.default_event_times(now_local)

    def _datetime_utc(self, hours):
        """Naive UTC datetime of this event's date at ``hours`` in the user's timezone."""
        self.ensure_one()
        local = self._tz().localize(
            datetime.datetime.combine(self.date, datetime.time.min) + journey_rules.float_to_time_delta(hours)
        )
        return local.astimezone(pytz.UTC).replace(tzinfo=None)

    @api.depends("manual_state", "date", "end_time")
    @api.depends_context("tz")
    def _compute_status(self):
        now = fields.Datetime.now()
        for event in self:
            end = event._datetime_utc(event.end_time) if event.date else None
            event.status = journey_rules.event_status(event.manual_state, end, now)

    def _search_status(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise ValidationError(self.env._("Unsupported search on event status: %s", operator))
        values = {value} if operator in ("=", "!=") else set(value or [])
        if operator in ("!=", "not in"):
            values = {key for key, _label in EVENT_STATUSES} - values
        now_local = fields.Datetime.now().replace(tzinfo=pytz.UTC).astimezone(self._tz())
        today = now_local.date()
        hours = now_local.hour + now_local.minute / 60.0 + now_local.second / 3600.0
        open_ = [("manual_state", "=", False)]
        by_status = {
            journey_rules.EVENT_DONE: [("manual_state", "=", journey_rules.EVENT_DONE)],
            journey_rules.EVENT_NOT_DONE: [("manual_state", "=", journey_rules.EVENT_NOT_DONE)],
            journey_rules.EVENT_PLANNED: expression.AND(
                [open_, expression.OR([[("date", ">", today)], [("date", "=", today), ("end_time", ">", hours)]])]
            ),
            journey_rules.EVENT_PENDING: expression.AND(
                [open_, expression.OR([[("date", "<", today)], [("date", "=", today), ("end_time", "<=", hours)]])]
            ),
        }
        domains = [by_status[v] for v in values if v in by_status]
        return expression.OR(domains) if domains else expression.FALSE_DOMAIN

    # ------------------------------------------------------------------ checks (JO-7)

    @api.constrains("user_id", "event_type")
    def _check_responsible(self):
        """JO-11: calls and meetings have a responsible, an Analyst or an Administrator."""
        group = self.env.ref(RESPONSIBLE_GROUP)
        for event in self.filtered(lambda e: e.event_type != "note"):
            if not event.user_id:
                raise ValidationError(self.env._("A call or a meeting needs a responsible."))
            if group not in event.user_id.sudo().groups_id:
                raise ValidationError(self.env._(
                    "%(user)s cannot be responsible for an event: only Analysts and Administrators can.",
                    user=event.user_id.name,
                ))

    @api.constrains("start_time", "end_time", "event_type")
    def _check_times(self):
        for event in self:
            for label, value in ((self.env._("start"), event.start_time), (self.env._("end"), event.end_time)):
                if value < 0 or value >= 24 or not journey_rules.is_time_step(value):
                    raise ValidationError(
                        self.env._(
                            "The %(which)s time of event “%(name)s” must be a time of day on a "
                            "%(step)s-minute step (e.g. 09:05, 09:10).",
                            which=label,
                            name=event.name,
                            step=journey_rules.TIME_STEP_MINUTES,
                        )
                    )
            if event.event_type != "note" and event.end_time <= event.start_time:
                raise ValidationError(self.env._("The event “%(name)s” must end after it starts.", name=event.name))

    @api.constrains("milestone_ids", "partner_id")
    def _check_milestones(self):
        for event in self:
            if event.milestone_ids.partner_id - event.partner_id:
                raise ValidationError(self.env._("An event can only complete milestones of its own customer."))

    # ------------------------------------------------------------------ calendar

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("event_type") == "note":
                vals["user_id"] = False
        events = super().create(vals_list)
        events.filtered(lambda e: e.add_to_calendar and not e.calendar_event_id)._create_calendar_events()
        return events

    def write(self, vals):
        if vals.get("event_type") == "note":
            vals = dict(vals, user_id=False)
        res = super().write(vals)
        if vals.get("add_to_calendar"):
            self.filtered(lambda e: not e.calendar_event_id)._create_calendar_events()
        elif any(name in vals for name in CALENDAR_FIELDS):
            for event in self.filtered("calendar_event_id"):
                event.calendar_event_id.with_context(**CALENDAR_QUIET_CONTEXT).write(event._calendar_values())
                event._unsubscribe_participants()
        return res

    def _unsubscribe_participants(self):
        """JO-11: calendar makes attendees followers of the entry; the participants must not hear from it."""
        for event in self.filtered("calendar_event_id"):
            entry = event.calendar_event_id
            keep = (event.user_id or self.env.user).partner_id
            entry.message_unsubscribe(partner_ids=(entry.message_partner_ids - keep).ids)

    def unlink(self):
        """JO-11: deleting an event removes its calendar entry."""
        entries = self.calendar_event_id
        res = super().unlink()
        entries.exists().with_context(**CALENDAR_QUIET_CONTEXT).unlink()
        return res

    def _calendar_values(self):
        self.ensure_one()
        partners = self.participant_ids | self.user_id.partner_id
        return {
            "name": self.name,
            "start": self._datetime_utc(self.start_time),
            "stop": self._datetime_utc(max(self.end_time, self.start_time + 5 / 60)),
            "user_id": (self.user_id or self.env.user).id,
            "partner_ids": [(6, 0, partners.ids)],
            "description": self.description or False,
        }

    def _create_calendar_events(self):
        """JO-11: the calendar entry records the participants as attendees, without inviting them."""
        Calendar = self.env["calendar.event"].with_context(**CALENDAR_QUIET_CONTEXT)
        model_id = self.env["ir.model"]._get_id("res.partner")
        for event in self:
            event.calendar_event_id = Calendar.create(
                dict(event._calendar_values(), res_model_id=model_id, res_id=event.partner_id.id)
            )
        self._unsubscribe_participants()

    def action_add_to_calendar(self):
        self.write({"add_to_calendar": True})
        return True

    # ------------------------------------------------------------------ states

    def action_done(self):
        """Mark done by hand; completes the chosen open milestones of the current stage (JO-7)."""
        today = fields.Date.context_today(self)
        self.write({"manual_state": journey_rules.EVENT_DONE})
        for event in self:
            milestones = event.milestone_ids.filtered(lambda m: m.is_current and not m.done_date)
            milestones.sudo().write({"done_date": min(event.date, today), "done_event_id": event.id})
        return True

    def action_not_done(self):
        self.write({"manual_state": journey_rules.EVENT_NOT_DONE})
        return True

    def action_reset(self):
        self.write({"manual_state": False})
        return True
