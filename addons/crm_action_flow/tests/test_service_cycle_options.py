from psycopg2.errors import ForeignKeyViolation

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..models import service_cycle_rules
from ..models.service_cycle_rules import CYCLE_PARAM
from .common import ActionFlowCase, other_company_user


@tagged("post_install", "-at_install", "crm_action_flow")
class TestServiceCycleRules(ActionFlowCase):
    """AF-15: the pure rules of the switch and of the teams' cycles."""

    def test_switch_reading(self):
        for raw in (None, False, "", "  ", "True", "1", "yes", "anything"):
            self.assertTrue(service_cycle_rules.cycle_enabled(raw), raw)
        for raw in ("False", "false", " 0 ", "no", "OFF"):
            self.assertFalse(service_cycle_rules.cycle_enabled(raw), raw)

    def test_question_applies(self):
        self.assertTrue(service_cycle_rules.question_applies(set(), None))
        self.assertTrue(service_cycle_rules.question_applies(set(), 7))
        self.assertTrue(service_cycle_rules.question_applies({7, 8}, 7))
        self.assertFalse(service_cycle_rules.question_applies({7, 8}, 9))
        self.assertFalse(service_cycle_rules.question_applies({7}, None))


@tagged("post_install", "-at_install", "crm_action_flow")
class TestServiceCycleOptions(ActionFlowCase):
    """AF-15: global switch, cycles per sales team, answers of earlier stages read-only on the opportunity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ICP = cls.env["ir.config_parameter"].sudo()
        cls.team_install = cls.env["crm.team"].create({"name": "AF Installation"})
        cls.team_repair = cls.env["crm.team"].create({"name": "AF Repair"})
        Question = cls.env["crm.stage.question"]
        cls.q_all = Question.create({"name": "Budget approved?", "stage_id": cls.stage_new.id,
                                     "answer_type": "boolean", "required": True})
        cls.q_install = Question.create({"name": "Voltage on site", "stage_id": cls.stage_new.id,
                                         "answer_type": "number", "required": True,
                                         "team_ids": [(6, 0, cls.team_install.ids)]})
        cls.q_repair = Question.create({"name": "Serial number", "stage_id": cls.stage_new.id,
                                        "answer_type": "text", "required": True,
                                        "team_ids": [(6, 0, cls.team_repair.ids)]})
        cls.system_user = cls.env.ref("base.user_admin")
        # Profiles that see every opportunity (the fixtures' Administrator and Read-only see their own only).
        all_leads = "sales_team.group_sale_salesman_all_leads"
        cls.user_admin_profile = new_test_user(
            cls.env, "af_cycle_admin", groups=f"{all_leads},crm_action_flow.group_retention_admin")
        cls.user_readonly = new_test_user(
            cls.env, "af_cycle_readonly", groups=f"{all_leads},crm_action_flow.group_retention_readonly")

    def set_switch(self, value, user=None):
        """Tick or untick "Use the service cycle" in the Settings, as the Save button does."""
        settings = self.env["res.config.settings"].with_user(user or self.system_user).create(
            {"crm_action_flow_service_cycle": value})
        settings.execute()

    def answer(self, lead, question, user=None, **values):
        lead.with_user(user or self.user_analyst).action_open_cycle()
        answer = lead.answer_ids.filtered(lambda a: a.question_id == question)
        answer.with_user(user or self.user_analyst).write(values)
        return answer

    # ------------------------------------------------------------------ switch

    def test_switch_on_by_default(self):
        self.ICP.search([("key", "=", CYCLE_PARAM)]).unlink()
        self.assertTrue(self.env["res.config.settings"].create({}).crm_action_flow_service_cycle)
        self.assertTrue(self.opportunity.cycle_enabled)
        opportunity = self.opportunity.with_user(self.user_analyst)
        with self.assertRaisesRegex(UserError, "Budget approved"):
            opportunity.stage_id = self.stage_qualified
        self.assertEqual(self.opportunity.stage_id, self.stage_new)

    def test_switch_off_asks_nothing(self):
        self.set_switch(False)
        self.assertEqual(self.ICP.get_param(CYCLE_PARAM), "False", "an unticked box is stored, not deleted")
        self.assertFalse(self.env["res.config.settings"].create({}).crm_action_flow_service_cycle)
        opportunity = self.opportunity.with_user(self.user_analyst)
        self.assertFalse(opportunity.cycle_enabled)
        self.assertEqual((opportunity.cycle_question_count, opportunity.cycle_missing_count), (0, 0))
        with self.assertRaisesRegex(UserError, "switched off"):
            opportunity.action_open_cycle()
        opportunity.stage_id = self.stage_qualified
        self.assertEqual(self.opportunity.stage_id, self.stage_qualified)
        self.assertFalse(self.opportunity.answer_ids, "no answer created")

    def test_switch_back_on_requires_answers_again(self):
        self.set_switch(False)
        self.set_switch(True)
        self.assertEqual(self.ICP.get_param(CYCLE_PARAM), "True")
        with self.assertRaisesRegex(UserError, "cannot leave stage"):
            self.opportunity.with_user(self.user_analyst).stage_id = self.stage_qualified
        self.assertEqual(self.opportunity.stage_id, self.stage_new)

    def test_result_stage_move_follows_the_switch(self):
        with self.assertRaisesRegex(UserError, "cannot leave stage"):
            self.log(result_id=self.result_call_interested.id, lead_id=self.opportunity.id)
        self.set_switch(False)
        log, _wizard, _action = self.log(result_id=self.result_call_interested.id, lead_id=self.opportunity.id)
        self.assertEqual(log.lead_id.stage_id, self.stage_qualified)

    def test_only_settings_managers_switch(self):
        for user in (self.user_admin_profile, self.user_analyst, self.user_readonly):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.set_switch(False, user=user)
        self.assertTrue(self.env["crm.lead"]._cycle_enabled())

    def test_skip_context_is_not_honoured_for_clients(self):
        # An RPC caller can send any context: only the pack's own sudo code paths may skip the cycle.
        for user in (self.user_analyst, self.user_admin_profile):
            with self.subTest(user=user.login), self.assertRaisesRegex(UserError, "cannot leave stage"):
                self.opportunity.with_user(user).with_context(crm_action_flow_skip_cycle=True).write(
                    {"stage_id": self.stage_qualified.id})
        self.assertEqual(self.opportunity.stage_id, self.stage_new)
        self.opportunity.with_user(self.user_analyst).sudo().with_context(crm_action_flow_skip_cycle=True).write(
            {"stage_id": self.stage_qualified.id})
        self.assertEqual(self.opportunity.stage_id, self.stage_qualified)

    # ------------------------------------------------------------------ teams

    def test_lead_of_a_team_gets_its_team_questions(self):
        self.opportunity.team_id = self.team_install
        action = self.opportunity.with_user(self.user_analyst).action_open_cycle()
        answers = self.env["crm.lead.answer"].search(action["domain"])
        self.assertEqual(answers.question_id, self.q_all | self.q_install)
        self.assertEqual(self.opportunity.cycle_missing_count, 2)
        with self.assertRaisesRegex(UserError, "Budget approved.*Voltage on site"):
            self.opportunity.with_user(self.user_analyst).stage_id = self.stage_qualified
        self.answer(self.opportunity, self.q_all, value_boolean="yes")
        self.answer(self.opportunity, self.q_install, value_number=220)
        self.opportunity.with_user(self.user_analyst).stage_id = self.stage_qualified
        self.assertEqual(self.opportunity.stage_id, self.stage_qualified, "the repair question is not needed")

    def test_lead_of_another_team(self):
        self.opportunity.team_id = self.team_repair
        action = self.opportunity.with_user(self.user_analyst).action_open_cycle()
        self.assertEqual(self.env["crm.lead.answer"].search(action["domain"]).question_id, self.q_all | self.q_repair)
        with self.assertRaisesRegex(UserError, "Serial number"):
            self.opportunity.with_user(self.user_analyst).stage_id = self.stage_qualified

    def test_lead_without_team_gets_the_questions_of_every_team(self):
        self.opportunity.team_id = False
        self.assertEqual(self.opportunity.cycle_question_count, 1)
        self.answer(self.opportunity, self.q_all, value_boolean="no")
        self.assertEqual(self.opportunity.answer_ids.question_id, self.q_all)
        self.opportunity.with_user(self.user_analyst).stage_id = self.stage_qualified
        self.assertEqual(self.opportunity.stage_id, self.stage_qualified)

    def test_questions_of_other_teams_only(self):
        self.opportunity.team_id = self.team_install
        self.q_all.active = self.q_install.active = False
        with self.assertRaisesRegex(UserError, "has no service cycle question"):
            self.opportunity.with_user(self.user_analyst).action_open_cycle()

    # ------------------------------------------------------------------ earlier answers

    def _answered_and_moved(self):
        self.opportunity.team_id = False
        answer = self.answer(self.opportunity, self.q_all, value_boolean="yes")
        self.opportunity.with_user(self.user_analyst).stage_id = self.stage_qualified
        return answer

    def test_earlier_answers_listed_on_the_opportunity(self):
        answer = self._answered_and_moved()
        opportunity = self.opportunity.with_user(self.user_readonly)
        self.assertEqual(opportunity.cycle_earlier_answer_ids, answer)
        row = opportunity.cycle_earlier_answer_ids.read(["stage_id", "question_id", "value_display", "write_uid"])[0]
        self.assertEqual(row["stage_id"][0], self.stage_new.id)
        self.assertEqual(row["question_id"][0], self.q_all.id)
        self.assertEqual(row["value_display"], "Yes")
        self.assertEqual(row["write_uid"][0], self.user_analyst.id, "who answered")

    def test_earlier_answers_read_only_for_analysts_and_readonly(self):
        answer = self._answered_and_moved()
        with self.assertRaisesRegex(AccessError, "earlier stage are read-only"):
            answer.with_user(self.user_analyst).value_boolean = "no"
        with self.assertRaises(AccessError):
            answer.with_user(self.user_readonly).value_boolean = "no"
        with self.assertRaises(AccessError):
            self.opportunity.with_user(self.user_analyst).action_correct_cycle_answers()
        self.assertEqual(answer.value_boolean, "yes")

    def test_administrator_corrects_earlier_answers(self):
        answer = self._answered_and_moved()
        action = self.opportunity.with_user(self.user_admin_profile).action_correct_cycle_answers()
        self.assertEqual(self.env["crm.lead.answer"].search(action["domain"]), answer)
        answer.with_user(self.user_admin_profile).value_boolean = "no"
        self.assertEqual(answer.value_boolean, "no")
        self.assertEqual(self.opportunity.cycle_earlier_answer_ids.value_display, "No")

    def test_correct_without_earlier_answers(self):
        with self.assertRaisesRegex(UserError, "no answer of an earlier stage"):
            self.opportunity.with_user(self.user_admin_profile).action_correct_cycle_answers()

    def test_current_stage_answers_stay_editable(self):
        answer = self.answer(self.opportunity, self.q_all, value_boolean="yes")
        answer.with_user(self.user_analyst).value_boolean = "no"
        self.assertEqual(answer.value_boolean, "no")
        self.assertFalse(self.opportunity.cycle_earlier_answer_ids)

    def test_another_company_sees_nor_corrects(self):
        self._answered_and_moved()
        self.opportunity.company_id = self.env.company
        _company_b, admin_b = other_company_user(self.env, "af_cycle_admin_b",
                                                 groups="crm_action_flow.group_retention_admin")
        with self.assertRaises(AccessError):
            self.opportunity.with_user(admin_b).action_correct_cycle_answers()
        with self.assertRaises(AccessError):
            self.opportunity.answer_ids.with_user(admin_b).value_boolean = "no"
        self.assertEqual(self.opportunity.answer_ids.value_boolean, "yes")

    # ------------------------------------------------------------------ bad input

    def test_teams_are_configured_by_administrators_only(self):
        for user in (self.user_analyst, self.user_readonly):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.q_all.with_user(user).team_ids = self.team_install
        self.assertFalse(self.q_all.team_ids)
        self.q_all.with_user(self.user_admin_profile).team_ids = self.team_install
        self.assertEqual(self.q_all.team_ids, self.team_install)

    def test_unknown_team_is_refused(self):
        with self.assertRaises(ForeignKeyViolation), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            self.q_all.team_ids = [(6, 0, [999999999])]
        self.assertFalse(self.q_all.team_ids)

    def test_stored_switch_text_is_read_strictly(self):
        self.ICP.set_param(CYCLE_PARAM, "off")
        self.assertFalse(self.env["res.config.settings"].create({}).crm_action_flow_service_cycle)
        self.opportunity.with_user(self.user_analyst).stage_id = self.stage_qualified
        self.assertEqual(self.opportunity.stage_id, self.stage_qualified)
