from odoo import api, fields, models

from . import journey_rules


class CrmJourneyStageHistory(models.Model):
    _name = "crm.journey.stage.history"
    _description = "Customer Journey Stage History"
    _order = "date_in desc, id desc"
    _rec_name = "stage_id"

    partner_id = fields.Many2one("res.partner", required=True, ondelete="cascade", index=True)
    stage_id = fields.Many2one("crm.journey.stage", required=True, ondelete="cascade", index=True)
    journey_id = fields.Many2one(related="stage_id.journey_id", store=True)
    date_in = fields.Date(string="Entered on", required=True)
    date_out = fields.Date(string="Left on")
    due_date = fields.Date(help="The stage's largest milestone deadline from the entry date.")
    user_id = fields.Many2one("res.users", string="Moved by", default=lambda self: self.env.user)
    is_late = fields.Boolean(
        string="Late",
        compute="_compute_is_late",
        help="Left (or still in) the stage after its due date.",
    )

    @api.depends("date_out", "due_date")
    @api.depends_context("tz")
    def _compute_is_late(self):
        today = fields.Date.context_today(self)
        for record in self:
            record.is_late = journey_rules.is_done_late(record.due_date, record.date_out or today)
