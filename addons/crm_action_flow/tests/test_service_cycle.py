from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ActionFlowCase


@tagged("post_install", "-at_install", "crm_action_flow")
class TestServiceCycle(ActionFlowCase):
    """AF-9: required questions of a stage must be answered before the opportunity leaves it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Question = cls.env["crm.stage.question"]
        cls.q_budget = Question.create({"name": "Budget approved?", "stage_id": cls.stage_new.id,
                                        "answer_type": "boolean", "required": True})
        cls.q_size = Question.create({"name": "Number of stores", "stage_id": cls.stage_new.id,
                                      "answer_type": "number", "required": True})
        cls.q_notes = Question.create({"name": "Notes", "stage_id": cls.stage_new.id, "answer_type": "text"})
        cls.q_channel = Question.create({"name": "Channel", "stage_id": cls.stage_new.id, "answer_type": "choice",
                                         "choices": "Phone, Email, Visit"})

    def test_cycle_button_lists_the_stage_questions(self):
        action = self.opportunity.with_user(self.user_analyst).action_open_cycle()
        answers = self.env["crm.lead.answer"].search(action["domain"])
        self.assertEqual(answers.question_id, self.q_budget | self.q_size | self.q_notes | self.q_channel)
        self.assertEqual(self.opportunity.cycle_missing_count, 2)

    def test_stage_change_refused_until_required_answers(self):
        self.opportunity.action_open_cycle()
        with self.assertRaisesRegex(UserError, "Budget approved.*Number of stores"):
            self.opportunity.stage_id = self.stage_qualified
        self.assertEqual(self.opportunity.stage_id, self.stage_new)
        answers = self.opportunity.answer_ids
        answers.filtered(lambda a: a.question_id == self.q_budget).value_boolean = "no"
        answers.filtered(lambda a: a.question_id == self.q_size).value_number = 0
        self.assertEqual(self.opportunity.cycle_missing_count, 0, "0 and No are answers")
        self.opportunity.stage_id = self.stage_qualified
        self.assertEqual(self.opportunity.stage_id, self.stage_qualified)

    def test_result_stage_move_respects_the_cycle(self):
        with self.assertRaisesRegex(UserError, "cannot leave stage"):
            self.log(result_id=self.result_call_interested.id, lead_id=self.opportunity.id)
        self.assertFalse(self.env["crm.action.log"].search([("lead_id", "=", self.opportunity.id)]))

    def test_closing_stage_ends_the_cycle(self):
        self.stage_new.closes_cycle = True
        self.assertEqual(self.opportunity.cycle_missing_count, 0)
        with self.assertRaisesRegex(UserError, "closed"):
            self.opportunity.action_open_cycle()
        self.opportunity.stage_id = self.stage_qualified
        self.assertEqual(self.opportunity.stage_id, self.stage_qualified)

    def test_invalid_choice_is_refused(self):
        self.opportunity.action_open_cycle()
        answer = self.opportunity.answer_ids.filtered(lambda a: a.question_id == self.q_channel)
        with self.assertRaisesRegex(ValidationError, "is not a choice"):
            answer.value_choice = "Fax"
        answer.value_choice = "Visit"
        self.assertTrue(answer.answered)

    def test_choice_question_needs_choices(self):
        with self.assertRaisesRegex(ValidationError, "at least two choices"):
            self.env["crm.stage.question"].create(
                {"name": "Pick", "stage_id": self.stage_new.id, "answer_type": "choice", "choices": "Only"}
            )

    def test_salesperson_without_retention_profile_moves_opportunities(self):
        # The cycle check runs for everyone, even users with no access to the retention models.
        plain = self.env["res.users"].create({
            "name": "Plain seller", "login": "af_plain_seller",
            "groups_id": [(6, 0, [self.env.ref("sales_team.group_sale_salesman").id])],
        })
        self.opportunity.user_id = plain
        opportunity = self.opportunity.with_user(plain)
        with self.assertRaisesRegex(UserError, "Budget approved.*Number of stores"):
            opportunity.stage_id = self.stage_qualified
        self.stage_new.question_ids.required = False
        opportunity.stage_id = self.stage_qualified
        self.assertEqual(self.opportunity.stage_id, self.stage_qualified)
