from odoo import api, fields, models

from . import service_cycle_rules
from .retention_bounds import NAME_MAX_LENGTH, SEQUENCE_RANGE, SHORT_TEXT_MAX_LENGTH


class CrmStageQuestion(models.Model):
    """AF-9: a question of the service cycle, asked while an opportunity is in a stage."""

    _name = "crm.stage.question"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Service Cycle Question"
    _order = "stage_id, sequence, id"

    name = fields.Char(string="Question", required=True, translate=True, retention_name=NAME_MAX_LENGTH)
    sequence = fields.Integer(default=10, retention_range=SEQUENCE_RANGE)
    active = fields.Boolean(default=True)
    stage_id = fields.Many2one("crm.stage", required=True, ondelete="cascade", index=True)
    answer_type = fields.Selection(
        [("text", "Text"), ("boolean", "Yes/No"), ("choice", "Choice"), ("number", "Number")],
        required=True,
        default="text",
    )
    choices = fields.Char(
        retention_text=SHORT_TEXT_MAX_LENGTH, help="Possible answers of a choice question, separated by commas.")
    team_ids = fields.Many2many(
        "crm.team", "crm_stage_question_team_rel", "question_id", "team_id", string="Sales Teams",
        help="Asked only of the opportunities of these sales teams (service types); empty: of every opportunity.",
    )
    required = fields.Boolean(help="The opportunity cannot leave the stage before this question is answered.")

    @api.constrains("answer_type", "choices")
    def _check_choices(self):
        for question in self:
            if question.answer_type == "choice" and len(question._choice_list()) < 2:
                raise models.ValidationError(
                    self.env._("Question “%(question)s” needs at least two choices.", question=question.name)
                )

    def _filtered_for_lead(self, lead):
        """The questions of ``self`` asked of ``lead``: those of its sales team and those without team."""
        team_id = lead.sudo().team_id.id
        return self.filtered(lambda q: service_cycle_rules.question_applies(set(q.sudo().team_ids.ids), team_id))

    def _choice_list(self):
        self.ensure_one()
        return [c.strip() for c in (self.choices or "").split(",") if c.strip()]
