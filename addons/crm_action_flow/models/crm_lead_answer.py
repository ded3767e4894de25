from odoo import api, fields, models
from odoo.exceptions import AccessError

from .retention_bounds import ANSWER_NUMBER_RANGE, SHORT_TEXT_MAX_LENGTH


class CrmLeadAnswer(models.Model):
    """AF-9: the answer of an opportunity to a service cycle question."""

    _name = "crm.lead.answer"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Service Cycle Answer"
    _order = "stage_sequence, question_sequence, id"

    lead_id = fields.Many2one("crm.lead", required=True, ondelete="cascade", index=True)
    question_id = fields.Many2one("crm.stage.question", required=True, ondelete="cascade")
    stage_id = fields.Many2one(related="question_id.stage_id", store=True)
    stage_sequence = fields.Integer(related="stage_id.sequence", store=True, string="Stage Sequence")
    question_sequence = fields.Integer(related="question_id.sequence", store=True, string="Question Sequence")
    answer_type = fields.Selection(related="question_id.answer_type")
    required = fields.Boolean(related="question_id.required")
    value_text = fields.Char(string="Text", retention_text=SHORT_TEXT_MAX_LENGTH)
    value_boolean = fields.Selection([("yes", "Yes"), ("no", "No")], string="Yes/No")
    value_choice = fields.Char(string="Choice", retention_text=SHORT_TEXT_MAX_LENGTH)
    value_number = fields.Float(string="Number", retention_range=ANSWER_NUMBER_RANGE)
    value_number_set = fields.Boolean()
    answered = fields.Boolean(compute="_compute_answered", store=True)
    value_display = fields.Char(string="Answer", compute="_compute_value_display")

    _sql_constraints = [
        ("lead_question_uniq", "unique(lead_id, question_id)", "An opportunity answers a question once."),
    ]

    @api.depends("value_text", "value_boolean", "value_choice", "value_number_set", "question_id.answer_type")
    def _compute_answered(self):
        for answer in self:
            answer.answered = bool(
                {
                    "text": (answer.value_text or "").strip(),
                    "boolean": answer.value_boolean,
                    "choice": answer.value_choice,
                    "number": answer.value_number_set,
                }.get(answer.answer_type)
            )

    @api.depends("value_text", "value_boolean", "value_choice", "value_number", "value_number_set", "answer_type")
    def _compute_value_display(self):
        labels = dict(self._fields["value_boolean"]._description_selection(self.env))
        for answer in self:
            answer.value_display = {
                "text": answer.value_text or "",
                "boolean": labels.get(answer.value_boolean, ""),
                "choice": answer.value_choice or "",
                "number": f"{answer.value_number:g}" if answer.value_number_set else "",
            }.get(answer.answer_type, "")

    @api.onchange("value_number")
    def _onchange_value_number(self):
        self.value_number_set = True

    def _check_lead_writable(self, leads):
        """X-4: answers follow their opportunity: answering needs the right to edit the opportunity.

        The record rules of crm.lead.answer mirror crm's personal-leads rules for reading; this is the
        write side (an own-documents salesperson cannot answer for someone else's opportunity).
        """
        if self.env.su or not leads:
            return
        try:
            leads.check_access("write")
        except AccessError as error:
            raise AccessError(self.env._(
                "You cannot answer the service cycle of %(leads)s: you are not allowed to edit that opportunity.",
                leads=", ".join(leads.sudo().mapped("name")),
            )) from error

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if "value_number" in vals:
                vals.setdefault("value_number_set", True)
        self._check_lead_writable(self.env["crm.lead"].browse({v["lead_id"] for v in vals_list if v.get("lead_id")}))
        return super().create(vals_list)

    def write(self, vals):
        if "value_number" in vals:
            vals = dict(vals, value_number_set=True)
        lead_ids = self.sudo().lead_id.ids + ([vals["lead_id"]] if vals.get("lead_id") else [])
        self._check_lead_writable(self.env["crm.lead"].browse(lead_ids))
        self._check_earlier_stage_writable()
        return super().write(vals)

    def _check_earlier_stage_writable(self):
        """AF-15: the answers of stages an opportunity has left are read-only, except for a retention
        Administrator correcting them (the opportunity's "Correct answers" button)."""
        if self.env.su or self.env.user.has_group("crm_action_flow.group_retention_admin"):
            return
        earlier = self.sudo().filtered(lambda a: a.stage_id != a.lead_id.stage_id)
        if earlier:
            raise AccessError(self.env._(
                "The service cycle answers of an earlier stage are read-only (%(questions)s): only a CRM "
                "Retention Administrator may correct them.",
                questions=", ".join(earlier.question_id.mapped("name")),
            ))

    @api.constrains("value_choice", "question_id")
    def _check_value_choice(self):
        for answer in self:
            if answer.value_choice and answer.value_choice not in answer.question_id._choice_list():
                raise models.ValidationError(
                    self.env._(
                        "“%(value)s” is not a choice of question “%(question)s”.",
                        value=answer.value_choice,
                        question=answer.question_id.name,
                    )
                )
