import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import html2plaintext

from ..models.action_flow_rules import floor_to_step, hour_float, is_on_step
from ..models.crm_action_log import LOG_FOR_OTHERS_GROUP
from ..models.mail_activity import REPLACE_CHAINING
from ..models.retention_bounds import DURATION_RANGE, NAME_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH


class CrmActionLogWizard(models.TransientModel):
    """The "Log action" dialog (AF-4), with its prompted next-action step (AF-3)."""

    _name = "crm.action.log.wizard"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Log Action"

    step = fields.Selection([("log", "Log"), ("next", "Next action")], default="log", required=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    contact_id = fields.Many2one(
        "res.partner", domain="[('parent_id', '=', partner_id)]",
        compute="_compute_contact_id", store=True, readonly=False, precompute=True,
        help="The customer's main contact is proposed; a new contact typed here is added to the customer.",
    )
    lead_id = fields.Many2one("crm.lead", string="Lead/Opportunity", domain="[('partner_id', 'child_of', partner_id)]")
    lead_type = fields.Selection(related="lead_id.type")
    campaign_id = fields.Many2one("utm.campaign")
    medium_id = fields.Many2one(
        "utm.medium", compute="_compute_medium_id", store=True, readonly=False, precompute=True,
        help="Proposed from the action in the campaign, else from the action.",
    )
    allowed_action_ids = fields.Many2many("crm.action", compute="_compute_allowed_action_ids")
    action_id = fields.Many2one(
        "crm.action", required=True, domain="[('id', 'in', allowed_action_ids)] if allowed_action_ids else []"
    )
    result_id = fields.Many2one("crm.action.result", required=True,
                                domain="[('action_id', '=', action_id)]")
    result_outcome = fields.Selection(related="result_id.outcome")
    detail_id = fields.Many2one("crm.action.detail", string="Detail Chosen", domain="[('action_id', '=', action_id)]")
    detail = fields.Char(
        help="What justifies the result: chosen from the action's details, or typed.",
        compute="_compute_detail", store=True, readonly=False, retention_text=SHORT_TEXT_MAX_LENGTH,
    )
    description = fields.Html()
    date = fields.Date(required=True, default=fields.Date.context_today, retention_date=True)
    start_time = fields.Float(retention_finite=True, default=lambda self: self._default_time())
    end_time = fields.Float(
        retention_finite=True, compute="_compute_end_time", store=True, readonly=False, precompute=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Salesperson", required=True, default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
        help="Who did the action: you. Only a sales manager may log for another salesperson.",
    )
    can_log_for_others = fields.Boolean(compute="_compute_can_log_for_others")
    notify_partner_ids = fields.Many2many("res.partner", "crm_action_log_wizard_notify_rel", string="Notify")
    attachment_ids = fields.Many2many("ir.attachment", string="Attachments")
    lost_reason_id = fields.Many2one("crm.lost.reason")
    activity_id = fields.Many2one("mail.activity", string="Activity Done")
    log_id = fields.Many2one("crm.action.log", readonly=True)
    expense_ids = fields.One2many(
        "crm.action.log.wizard.expense", "wizard_id", string="Expenses",
        help="The action's expenses, saved with the log: a line in error saves nothing.",
    )
    # Prompted next action (AF-3)
    next_contact_id = fields.Many2one("res.partner", domain="[('parent_id', '=', partner_id)]")
    next_phone = fields.Char(string="Phone", compute="_compute_next_phone")
    next_action_id = fields.Many2one("crm.action")
    next_activity_category = fields.Selection(
        related="next_action_id.activity_type_id.category", string="Next Action Category"
    )
    next_summary = fields.Char(string="Objective", retention_name=NAME_MAX_LENGTH)
    next_user_id = fields.Many2one("res.users", string="Responsible")
    next_note = fields.Html(string="Next Action Description")
    next_datetime = fields.Datetime(string="Date and Time", retention_date=True)
    next_duration = fields.Float(string="Duration", retention_range=DURATION_RANGE)

    @api.model_create_multi
    def create(self, vals_list):
        # AF-14: who may, then the expense lines' bounds, before the create precomputes fields from them.
        self.browse().check_access("create")
        vals_list = [self._retention_check_x2many(dict(vals), "expense_ids") for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        self.check_access("write")
        return super().write(self._retention_check_x2many(dict(vals), "expense_ids"))

    @api.model
    def _default_time(self):
        """Now, in the user's timezone, on the 5-minute step at or before it (AF-12)."""
        tz = pytz.timezone(self.env.context.get("tz") or self.env.user.tz or "UTC")
        return hour_float(floor_to_step(pytz.UTC.localize(fields.Datetime.now()).astimezone(tz)))

    @api.depends("start_time")
    def _compute_end_time(self):
        """The end follows the start when it would come before it."""
        for wizard in self:
            if not wizard.end_time or wizard.end_time < wizard.start_time:
                wizard.end_time = wizard.start_time

    @api.depends("partner_id")
    def _compute_contact_id(self):
        """The customer's main contact: its first contact (type Contact, in the customer's order of contacts)."""
        for wizard in self:
            customer = wizard.partner_id.commercial_partner_id
            if wizard.contact_id and wizard.contact_id.commercial_partner_id == customer:
                continue
            wizard.contact_id = customer.child_ids.filtered(lambda child: child.type == "contact")[:1]

    @api.depends("campaign_id")
    def _compute_allowed_action_ids(self):
        """The actions the campaign offers (AF-13); empty when every action may be logged."""
        for wizard in self:
            wizard.allowed_action_ids = wizard.campaign_id._offered_actions() if wizard.campaign_id else False

    @api.depends("campaign_id", "action_id")
    def _compute_medium_id(self):
        for wizard in self:
            line = wizard.campaign_id and wizard.campaign_id._campaign_action(wizard.action_id)
            medium = (line and line.medium_id) or wizard.action_id.medium_id
            if medium:
                wizard.medium_id = medium

    @api.depends("detail_id")
    def _compute_detail(self):
        for wizard in self:
            if wizard.detail_id:
                wizard.detail = wizard.detail_id.name

    @api.depends("next_contact_id", "partner_id")
    def _compute_next_phone(self):
        for wizard in self:
            wizard.next_phone = (
                wizard.next_contact_id.phone or wizard.next_contact_id.mobile
                or wizard.partner_id.phone or wizard.partner_id.mobile or False
            )

    @api.depends("user_id")  # a dependency, so that the form's onchange computes it on new records
    @api.depends_context("uid")
    def _compute_can_log_for_others(self):
        allowed = self.env.user.has_group(LOG_FOR_OTHERS_GROUP)
        for wizard in self:
            wizard.can_log_for_others = allowed

    @api.onchange("campaign_id")
    def _onchange_campaign_id(self):
        if self.campaign_id.default_action_id:
            self.action_id = self.campaign_id.default_action_id

    @api.onchange("action_id")
    def _onchange_action_id(self):
        if self.result_id.action_id != self.action_id:
            line = self.campaign_id and self.campaign_id._campaign_action(self.action_id)
            self.result_id = (line and line.default_result_id) or self.action_id.default_result_id
        if self.detail_id.action_id != self.action_id:
            self.detail_id = False

    @api.onchange("result_id")
    def _onchange_result_id(self):
        if self.result_id.lost_reason_id and not self.lost_reason_id:
            self.lost_reason_id = self.result_id.lost_reason_id

    @api.model
    def _open_wizard(self, context):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Log action"),
            "res_model": self._name,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {**self.env.context, **context},
        }

    def _log_values(self):
        self.ensure_one()
        values = {
            "partner_id": self.partner_id.id,
            "contact_id": self.contact_id.id,
            "lead_id": self.lead_id.id,
            "campaign_id": self.campaign_id.id,
            "medium_id": self.medium_id.id,
            "action_id": self.action_id.id,
            "result_id": self.result_id.id,
            "detail_id": self.detail_id.id,
            "detail": self.detail,
            "description": self.description,
            "date": self.date,
            "start_time": self.start_time,
            "end_time": self.end_time,
            "user_id": self.user_id.id,
            "notify_partner_ids": [(6, 0, self.notify_partner_ids.ids)],
            "attachment_ids": [(6, 0, self.attachment_ids.ids)],
            "lost_reason_id": self.lost_reason_id.id,
        }
        if self.expense_ids:
            values["expense_ids"] = [Command.create(line._expense_values()) for line in self.expense_ids]
        return values

    def action_log(self):
        """Save the log (with every effect of its result), then ask for the next action if prompted."""
        self.ensure_one()
        if self.step != "log":
            raise UserError(self.env._("This action has already been logged."))
        if self.activity_id.exists():
            feedback = self.detail or html2plaintext(self.description or "") or False
            # AF-11: the result's next action (as the campaign may override it) replaces the activity type's
            # own chaining.
            flow = self.campaign_id and self.campaign_id._flow(self.result_id)
            replace = ((flow and flow.next_action_mode) or self.result_id.next_action_mode) != "none"
            self.activity_id.with_context(**{REPLACE_CHAINING: replace}).action_feedback(feedback=feedback)
        log = self.env["crm.action.log"].create(self._log_values())
        if log._next_action_mode() != "prompt":
            return {"type": "ir.actions.act_window_close"}
        defaults = log._next_action_defaults()
        self.write({
            "step": "next",
            "log_id": log.id,
            "next_contact_id": defaults["contact_id"].id,
            "next_action_id": defaults["action_id"].id,
            "next_summary": defaults["summary"],
            "next_user_id": defaults["user_id"].id,
            "next_note": defaults["note"],
            "next_datetime": defaults["datetime"],
            "next_duration": defaults["duration"],
        })
        action = self._open_wizard({})
        action.update(res_id=self.id, name=self.env._("Next action"))
        return action

    def action_plan_next(self):
        """Plan the prompted next action as an activity (AF-3)."""
        self.ensure_one()
        if self.step != "next" or not self.log_id:
            raise UserError(self.env._("Log the action before planning the next one."))
        if not (self.next_action_id and self.next_user_id and self.next_datetime):
            raise UserError(self.env._("The next action needs an action, a responsible and a date."))
        self._check_next_datetime()
        self.log_id.sudo().next_activity_id = self.log_id._plan_next_activity({
            "contact_id": self.next_contact_id,
            "action_id": self.next_action_id,
            "summary": self.next_summary,
            "user_id": self.next_user_id,
            "note": self.next_note,
            "datetime": self.next_datetime,
            "duration": self.next_duration,
        })
        return {"type": "ir.actions.act_window_close"}

    def _check_next_datetime(self):
        """AF-11/AF-12: the next action starts on a 5-minute step and lasts whole 5-minute steps."""
        tz = pytz.timezone(self.next_user_id.tz or self.env.user.tz or "UTC")
        local = pytz.UTC.localize(self.next_datetime).astimezone(tz)
        if local.second or not is_on_step(hour_float(local)):
            raise ValidationError(self.env._("The next action must start on a 5-minute step (e.g. 14:05)."))
        if not is_on_step(self.next_duration):
            raise ValidationError(self.env._("The duration of the next action must be on 5-minute steps."))
