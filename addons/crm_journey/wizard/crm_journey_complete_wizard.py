from odoo import api, fields, models


class CrmJourneyCompleteWizard(models.TransientModel):
    """JO-10: complete a milestone, or every open milestone of the customer's stage, with a chosen date."""

    _name = "crm.journey.complete.wizard"
    _description = "Complete Milestones on a Date"

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, readonly=True)
    milestone_ids = fields.Many2many(
        "crm.journey.partner.milestone", string="Milestones", required=True,
        domain="[('partner_id', '=', partner_id), ('is_current', '=', True), ('done_date', '=', False)]",
    )
    entry_date = fields.Date(related="partner_id.journey_stage_date", string="Stage entered on")
    date = fields.Date(
        string="Completed on", required=True, default=fields.Date.context_today,
        help="Today or an earlier day, not before the customer entered its stage.",
    )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        if "milestone_ids" in fields_list and not values.get("milestone_ids") and values.get("partner_id"):
            partner = self.env["res.partner"].browse(values["partner_id"])
            values["milestone_ids"] = [(6, 0, partner.journey_current_milestone_ids.filtered(
                lambda m: not m.done_date).ids)]
        return values

    def action_confirm(self):
        """Complete the chosen milestones on the date (checked by ``_journey_complete``)."""
        self.ensure_one()
        self.milestone_ids._journey_complete(self.date)
        return {"type": "ir.actions.act_window_close"}
