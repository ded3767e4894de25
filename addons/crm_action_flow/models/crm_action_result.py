from odoo import api, fields, models

from .retention_bounds import NAME_MAX_LENGTH, PERIOD_RANGES, SEQUENCE_RANGE


class CrmActionResult(models.Model):
    """AF-2/AF-3: how an action ended, and what it triggers."""

    _name = "crm.action.result"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Action Result"
    _order = "action_id, sequence, name, id"
    _rec_names_search = ["name", "action_id.name"]
    _check_company_auto = True

    name = fields.Char(required=True, translate=True, retention_name=NAME_MAX_LENGTH)
    sequence = fields.Integer(default=10, retention_range=SEQUENCE_RANGE)
    active = fields.Boolean(default=True)
    action_id = fields.Many2one("crm.action", required=True, ondelete="cascade", index=True)
    productive = fields.Boolean(help="The result counts as productive work.")
    category_id = fields.Many2one("crm.action.result.category")
    outcome = fields.Selection(
        [("positive", "Positive"), ("neutral", "Neutral"), ("negative", "Negative")],
        required=True,
        default="neutral",
        help="A negative result logged on an opportunity marks it lost.",
    )
    # Scheduling block (AF-2)
    period_type = fields.Selection(
        [("minutes", "Minutes"), ("hours", "Hours"), ("days", "Days"), ("working_days", "Working days")],
        default="days",
        required=True,
        help="Working days are counted on the company's working calendar, public holidays skipped.",
    )
    period = fields.Integer(
        default=1, retention_range=("period_type", PERIOD_RANGES),
        help="The next action falls due this long after the logged action.")
    cancel_future_activities = fields.Boolean(
        string="Cancel future activities",
        help="Logging this result cancels the customer's scheduled activities that are not yet due.",
    )
    # Next action (AF-3)
    next_action_mode = fields.Selection(
        [("none", "None"), ("prompt", "Prompt"), ("automatic", "Automatic")],

        default="none",
        required=True,
        help="Prompt: after saving, the user is asked to register the next action, prefilled.\n"
        "Automatic: the next action is planned with no prompt, due after the period.",
    )
    automatic = fields.Boolean(
        compute="_compute_automatic",
        inverse="_inverse_automatic",
        store=True,
        help="The next action is planned with no prompt (same as the next action mode Automatic).",
    )
    next_action_id = fields.Many2one(
        "crm.action", check_company=True, help="Action to plan next; the same action when empty."
    )
    # Effects on the opportunity (AF-5, AF-6)
    stage_id = fields.Many2one("crm.stage", string="Move to Stage", help="Move the opportunity to this stage.")
    lost_reason_id = fields.Many2one(
        "crm.lost.reason", help="Proposed lost reason when the result is negative."
    )
    company_id = fields.Many2one(related="action_id.company_id", store=True)

    _sql_constraints = [
        ("period_positive", "CHECK(period >= 0)", "The scheduling period cannot be negative."),
    ]

    @api.depends("action_id")
    def _compute_display_name(self):
        for result in self:
            result.display_name = (
                f"{result.action_id.name} / {result.name}"
                if self.env.context.get("crm_action_result_full_name") and result.action_id
                else result.name
            )

    @api.depends("next_action_mode")
    def _compute_automatic(self):
        for result in self:
            result.automatic = result.next_action_mode == "automatic"

    def _inverse_automatic(self):
        """Checking Automatic plans the next action with no prompt; unchecking it asks the user."""
        for result in self:
            if result.automatic:
                result.next_action_mode = "automatic"
            elif result.next_action_mode == "automatic":
                result.next_action_mode = "prompt"

    @api.constrains("next_action_mode", "next_action_id", "action_id")
    def _check_next_action(self):
        for result in self:
            if result.next_action_mode != "none" and not result.action_id.schedules_followup:
                raise models.ValidationError(
                    self.env._(
                        "Result %(result)s plans a next action, but action %(action)s does not schedule "
                        "follow-ups: check “Schedules a follow-up” on the action, or choose no next action.",
                        result=result.name,
                        action=result.action_id.name,
                    )
                )
            action = result.next_action_id or result.action_id
            if result.next_action_mode != "none" and not action.activity_type_id:
                raise models.ValidationError(
                    self.env._(
                        "Result %(result)s plans a next action, but action %(action)s has no activity type.",
                        result=result.name,
                        action=action.name,
                    )
                )
