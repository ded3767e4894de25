from odoo import fields, models


class CrmStage(models.Model):
    _inherit = "crm.stage"

    question_ids = fields.One2many("crm.stage.question", "stage_id", string="Service Cycle Questions")
    closes_cycle = fields.Boolean(
        string="Closes the service cycle",
        help="Reaching this stage ends the service cycle: no question is asked any more.",
    )
