from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..models.crm_action_log import LOG_FOR_OTHERS_GROUP
from ..models.retention_bounds import NAME_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH


class CrmActionLogWizard(models.TransientModel):
    """The "Log action" dialog (AF-4), with its prompted next-action step (AF-3)."""

    _name = "crm.action.log.wizard"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Log Action"

    step = fields.Selection([("log", "Log"), ("next", "Next action")], default="log", required=True)
    partner_id = fields.Many2one("res.partner", string="Customer", required=True)
    contact_id = fields.Many2one("res.partner", domain="[('parent_id', '=', partner_id)]")
    lead_id = fields.Many2one("crm.lead", string="Lead/Opportunity", domain="[('partner_id', 'child_of', partner_id)]")
    lead_type = fields.Selection(related="lead_id.type")
    campaign_id = fields.Many2one("utm.campaign")
    medium_id = fields.Many2one("utm.medium")
    action_id = fields.Many2one("crm.action", required=True)
    result_id = fields.Many2one("crm.action.result", required=True,
                                domain="[('action_id', '=', action_id)]")
    result_outcome = fields.Selection(related="result_id.outcome")
    detail = fields.Char(help="What justifies the result.", retention_text=SHORT_TEXT_MAX_LENGTH)
    description = fields.Html()
    date = fields.Date(required=True, default=fields.Date.context_today, retention_date=True)
    start_time = fields.Float(retention_finite=True)
    end_time = fields.Float(retention_finite=True)
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
    # Prompted next action (AF-3)
    next_contact_id = fields.Many2one("res.partner", domain="[('parent_id', '=', partner_id)]")
    next_action_id = fields.Many2one("crm.action")
    next_summary = fields.Char(string="Objective", retention_name=NAME_MAX_LENGTH)
    next_user_id = fields.Many2one("res.users", string="Responsible")
    next_note = fields.Html(string="Next Action Description")
    next_datetime = fields.Datetime(string="Date and Time", retention_date=True)

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
            self.result_id = self.action_id.default_result_id

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
        return {
            "partner_id": self.partner_id.id,
            "contact_id": self.contact_id.id,
            "lead_id": self.lead_id.id,
            "campaign_id": self.campaign_id.id,
            "medium_id": self.medium_id.id,
            "action_id": self.action_id.id,
            "result_id": self.result_id.id,
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

    def action_log(self):
        """Save the log (with every effect of its result), then ask for the next action if prompted."""
        self.ensure_one()
        if self.step != "log":
            raise UserError(self.env._("This action has already been logged."))
        if self.activity_id.exists():
            feedback = self.detail or html2plaintext(self.description or "") or False
            self.activity_id.action_feedback(feedback=feedback)
        log = self.env["crm.action.log"].create(self._log_values())
        if log.result_id.next_action_mode != "prompt":
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
        self.log_id.sudo().next_activity_id = self.log_id._plan_next_activity({
            "contact_id": self.next_contact_id,
            "action_id": self.next_action_id,
            "summary": self.next_summary,
            "user_id": self.next_user_id,
            "note": self.next_note,
            "datetime": self.next_datetime,
        })
        return {"type": "ir.actions.act_window_close"}
