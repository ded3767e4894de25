from datetime import timedelta

import pytz

from odoo import api, fields, models
from odoo.exceptions import UserError

from .retention_bounds import DURATION_RANGE

#: Context key of the Log action dialog: the activity marked done is replaced by the result's next action.
REPLACE_CHAINING = "crm_action_flow_replace_chaining"


class MailActivity(models.Model):
    _inherit = ["mail.activity", "crm.retention.bounds.mixin"]
    _name = "mail.activity"

    # AF-11: a next action is an appointment, not only a day.
    planned_start = fields.Datetime(
        help="When the next action starts (shown in the responsible's timezone)."
    )
    planned_duration = fields.Float(help="Hours the next action lasts.", retention_range=DURATION_RANGE)
    action_contact_id = fields.Many2one("res.partner", string="Contact", ondelete="set null")
    action_phone = fields.Char(
        string="Phone", compute="_compute_action_phone",
        help="The phone to call: the contact's, else the customer's (AF-11).",
    )
    planned_time_label = fields.Char(string="Planned Time", compute="_compute_planned_time_label")

    @api.depends("action_contact_id.phone", "action_contact_id.mobile", "res_model", "res_id")
    def _compute_action_phone(self):
        for activity in self:
            phone = activity.action_contact_id.phone or activity.action_contact_id.mobile
            if not phone and activity.activity_category == "phonecall" and activity.res_model in (
                "res.partner", "crm.lead"
            ):
                record = self.env[activity.res_model].browse(activity.res_id).exists()
                if record:
                    phone = record.phone or record.mobile
            activity.action_phone = phone or False

    @api.depends("planned_start", "planned_duration", "user_id.tz")
    @api.depends_context("tz")
    def _compute_planned_time_label(self):
        for activity in self:
            if not activity.planned_start:
                activity.planned_time_label = False
                continue
            tz = pytz.timezone(activity.user_id.tz or self.env.context.get("tz") or "UTC")
            start = pytz.UTC.localize(activity.planned_start).astimezone(tz)
            label = start.strftime("%H:%M")
            if activity.planned_duration:
                label += " – " + (start + timedelta(hours=activity.planned_duration)).strftime("%H:%M")
            activity.planned_time_label = label

    def _action_done(self, feedback=False, attachment_ids=None):
        """Logging from the activity's Done with a result that plans the next action (AF-11): the activity
        type's own chaining (``chaining_type`` trigger) is replaced by that next action, so it is not planned twice.
        """
        messages, next_activities = super()._action_done(feedback=feedback, attachment_ids=attachment_ids)
        if self.env.context.get(REPLACE_CHAINING) and next_activities:
            next_activities.unlink()
            next_activities = self.browse()
        return messages, next_activities

    def action_open_log_wizard(self):
        """From an activity's Done button: log the action, then mark the activity done (AF-4)."""
        self.ensure_one()
        record = self.env[self.res_model].browse(self.res_id) if self.res_model in ("res.partner", "crm.lead") else None
        if not record:
            raise UserError(self.env._("Actions are logged on customers and opportunities only."))
        partner = record if record._name == "res.partner" else record.partner_id
        if not partner:
            raise UserError(self.env._("Set a customer on “%(record)s” before logging an action.",
                                       record=record.display_name))
        action = self.env["crm.action"].search([("activity_type_id", "=", self.activity_type_id.id)], limit=1)
        contact = self.action_contact_id or (partner if partner.parent_id else False)
        context = {
            "default_partner_id": partner.commercial_partner_id.id,
            "default_activity_id": self.id,
            "default_description": self.note,
        }
        if contact:
            context["default_contact_id"] = contact.id
        if record._name == "crm.lead":
            context.update(default_lead_id=record.id, default_campaign_id=record.campaign_id.id)
            if record.medium_id:
                context["default_medium_id"] = record.medium_id.id
        if action:
            context["default_action_id"] = action.id
        return self.env["crm.action.log.wizard"]._open_wizard(context)
