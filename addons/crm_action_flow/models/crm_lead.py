from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from .crm_retention_field_guard import RELATED
from .service_cycle_rules import CYCLE_PARAM, cycle_enabled

ADMIN_GROUP = "crm_action_flow.group_retention_admin"


class CrmLead(models.Model):
    _name = "crm.lead"
    _inherit = ["crm.lead", "crm.retention.field.guard"]

    action_log_ids = fields.One2many("crm.action.log", "lead_id", string="Action History")
    action_log_count = fields.Integer(compute="_compute_action_log_count")
    answer_ids = fields.One2many("crm.lead.answer", "lead_id", string="Service Cycle Answers")
    cycle_closed = fields.Boolean(related="stage_id.closes_cycle", string="Service Cycle Closed")
    cycle_question_count = fields.Integer(compute="_compute_cycle_question_count")
    cycle_missing_count = fields.Integer(compute="_compute_cycle_question_count")
    cycle_enabled = fields.Boolean(compute="_compute_cycle_enabled", string="Service Cycle in Use")
    cycle_earlier_answer_ids = fields.Many2many(
        "crm.lead.answer", compute="_compute_cycle_earlier_answer_ids", string="Answers of Earlier Stages",
        help="The service cycle answers given at the stages this opportunity has left.",
    )

    @api.model
    def _retention_field_access(self):
        # Logs and answers follow their own model's rights and rules; the cycle flag is the stage's.
        return {**super()._retention_field_access(),
                "action_log_ids": RELATED, "answer_ids": RELATED, "cycle_closed": RELATED}

    @api.depends("action_log_ids")
    def _compute_action_log_count(self):
        counts = {
            lead.id: count
            for lead, count in self.env["crm.action.log"]._read_group(
                [("lead_id", "in", self.ids)], ["lead_id"], ["__count"]
            )
        }
        for lead in self:
            lead.action_log_count = counts.get(lead.id, 0)

    @api.model
    def _cycle_enabled(self):
        """AF-15: the global switch of the service cycle (Settings; a missing parameter means ON)."""
        return cycle_enabled(self.env["ir.config_parameter"].sudo().get_param(CYCLE_PARAM))

    def _compute_cycle_enabled(self):
        self.cycle_enabled = self._cycle_enabled()

    @api.depends("stage_id", "answer_ids.answered", "team_id")
    def _compute_cycle_question_count(self):
        for lead in self:
            lead.cycle_question_count = len(lead._cycle_questions())
            lead.cycle_missing_count = len(lead._cycle_missing_questions())

    @api.depends("stage_id", "answer_ids.answered", "answer_ids.stage_id")
    def _compute_cycle_earlier_answer_ids(self):
        for lead in self:
            lead.cycle_earlier_answer_ids = lead.answer_ids.filtered(
                lambda a, stage=lead.stage_id: a.answered and a.stage_id != stage
            )

    def _cycle_questions(self):
        """The questions asked of this opportunity in its current stage (AF-9), none when the cycle is
        switched off, closed, or the lead is not an opportunity; only those of its sales team or of
        every team (AF-15)."""
        self.ensure_one()
        # The rule holds for every user, also those with no access to the retention models.
        lead = self.sudo()
        stage = lead.stage_id
        if not stage or stage.closes_cycle or lead.type != "opportunity" or not self._cycle_enabled():
            return self.env["crm.stage.question"]
        return stage.question_ids._filtered_for_lead(lead).with_env(self.env)

    def _cycle_missing_questions(self):
        """Required questions of the current stage this opportunity has not answered (AF-9)."""
        self.ensure_one()
        questions = self._cycle_questions().sudo()
        if not questions:
            return self.env["crm.stage.question"]
        answered = self.sudo().answer_ids.filtered("answered").question_id
        return questions.filtered(lambda q: q.required and q not in answered).with_env(self.env)

    def write(self, vals):
        # The skip key is the pack's own (tests, integrations in sudo): a client's context cannot bypass the cycle.
        skip = self.env.su and self.env.context.get("crm_action_flow_skip_cycle")
        if "stage_id" in vals and not skip:
            for lead in self:
                if lead.stage_id.id == vals["stage_id"] or not lead.active:
                    continue
                missing = lead._cycle_missing_questions()
                if missing:
                    raise UserError(
                        self.env._(
                            "“%(lead)s” cannot leave stage %(stage)s: answer its required service cycle "
                            "questions first (%(questions)s).",
                            lead=lead.name, stage=lead.stage_id.name,
                            questions=", ".join(missing.sudo().mapped("name")),
                        )
                    )
        return super().write(vals)

    def action_open_cycle(self):
        """The "Cycle" button: the questions of the current stage, answers created on the fly."""
        self.ensure_one()
        if not self._cycle_enabled():
            raise UserError(self.env._("The service cycle is switched off (CRM settings)."))
        if self.cycle_closed:
            raise UserError(self.env._("The service cycle of this opportunity is closed."))
        questions = self._cycle_questions()
        if not questions:
            raise UserError(self.env._("Stage %(stage)s has no service cycle question.", stage=self.stage_id.name))
        missing = questions - self.answer_ids.question_id
        if missing:
            self.env["crm.lead.answer"].create([{"lead_id": self.id, "question_id": q.id} for q in missing])
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Service cycle: %(stage)s", stage=self.stage_id.name),
            "res_model": "crm.lead.answer",
            "view_mode": "list",
            "views": [(self.env.ref("crm_action_flow.crm_lead_answer_view_list").id, "list")],
            "domain": [("lead_id", "=", self.id), ("question_id", "in", questions.ids)],
            "context": {"create": False, "delete": False},
            "target": "new",
        }

    def action_correct_cycle_answers(self):
        """AF-15: the answers of earlier stages are read-only; a retention Administrator corrects them here."""
        self.ensure_one()
        if not (self.env.su or self.env.user.has_group(ADMIN_GROUP)):
            raise AccessError(
                self.env._("Only a CRM Retention Administrator may correct the answers of earlier stages.")
            )
        answers = self.cycle_earlier_answer_ids
        if not answers:
            raise UserError(self.env._("“%(lead)s” has no answer of an earlier stage.", lead=self.name))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct the service cycle answers"),
            "res_model": "crm.lead.answer",
            "view_mode": "list",
            "views": [(self.env.ref("crm_action_flow.crm_lead_answer_view_list").id, "list")],
            "domain": [("id", "in", answers.ids)],
            "context": {"create": False, "delete": False},
            "target": "new",
        }

    def action_open_log_wizard(self):
        self.ensure_one()
        if not self.partner_id:
            raise UserError(self.env._("Set a customer on “%(lead)s” before logging an action.", lead=self.name))
        context = {
            "default_partner_id": self.partner_id.commercial_partner_id.id,
            "default_lead_id": self.id,
            "default_campaign_id": self.campaign_id.id,
        }
        # Else the dialog proposes the customer's main contact and the medium of the campaign or action (AF-12).
        if self.partner_id.parent_id:
            context["default_contact_id"] = self.partner_id.id
        if self.medium_id:
            context["default_medium_id"] = self.medium_id.id
        return self.env["crm.action.log.wizard"]._open_wizard(context)

    def action_view_action_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_action_flow.crm_action_log_action")
        action["domain"] = [("lead_id", "=", self.id)]
        action["context"] = {"default_lead_id": self.id, "create": False}
        return action
