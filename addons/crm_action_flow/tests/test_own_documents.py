import importlib.util

from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import file_path
from odoo.tools.convert import convert_file

from .common import ActionFlowCase

OLD_OWN_RULE = """['|', '|', '|', ('user_id', '=', user.id), ('partner_id.user_id', '=', user.id),
    ('lead_id.user_id', '=', user.id), ('partner_id.user_id', '=', False)]"""


@tagged("post_install", "-at_install", "crm_action_flow")
class TestOwnDocuments(ActionFlowCase):
    """X-4: own-documents salespeople see the logs of their own customers and opportunities, and the logs
    they authored; service cycle answers follow the opportunity's access."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.mine = Partner.create({"name": "Mine Ltda", "is_company": True, "user_id": cls.user_own.id})
        cls.theirs = Partner.create({"name": "Theirs Ltda", "is_company": True, "user_id": cls.user_own_other.id})
        cls.nobodys = Partner.create({"name": "Nobody's Ltda", "is_company": True})
        cls.my_deal = cls.env["crm.lead"].create({
            "name": "My deal at Nobody's", "type": "opportunity", "partner_id": cls.nobodys.id,
            "user_id": cls.user_own.id, "stage_id": cls.stage_new.id,
        })
        cls.their_deal = cls.env["crm.lead"].create({
            "name": "Their deal", "type": "opportunity", "partner_id": cls.theirs.id,
            "user_id": cls.user_own_other.id, "stage_id": cls.stage_new.id,
        })
        cls.question = cls.env["crm.stage.question"].create(
            {"name": "Budget?", "stage_id": cls.stage_new.id, "answer_type": "text"}
        )

    def visible_logs(self, user):
        return self.env["crm.action.log"].with_user(user).search([])

    def test_own_documents_salesperson_sees_own_customers_opportunities_and_authored_logs(self):
        on_mine, _w, _a = self.log(user=self.user_analyst, partner_id=self.mine.id)
        on_my_deal, _w, _a = self.log(user=self.user_analyst, partner_id=self.nobodys.id, lead_id=self.my_deal.id)
        authored, _w, _a = self.log(user=self.user_own, partner_id=self.theirs.id)
        on_nobodys, _w, _a = self.log(user=self.user_analyst, partner_id=self.nobodys.id)
        on_theirs, _w, _a = self.log(user=self.user_analyst, partner_id=self.theirs.id, lead_id=self.their_deal.id)
        visible = self.visible_logs(self.user_own)
        self.assertEqual(visible & (on_mine | on_my_deal | authored | on_nobodys | on_theirs),
                         on_mine | on_my_deal | authored)
        with self.assertRaises(AccessError):
            on_nobodys.with_user(self.user_own).read(["description"])
        self.assertIn(on_nobodys, self.visible_logs(self.user_analyst), "all-documents salespeople see every log")

    def test_answers_of_someone_elses_opportunity_are_out_of_reach(self):
        theirs = self.env["crm.lead.answer"].create({"lead_id": self.their_deal.id, "question_id": self.question.id})
        Answer = self.env["crm.lead.answer"].with_user(self.user_own)
        self.assertFalse(Answer.search([("id", "=", theirs.id)]))
        with self.assertRaises(AccessError):
            theirs.with_user(self.user_own).value_text = "overwritten"
        self.assertFalse(theirs.value_text)
        theirs.unlink()
        with self.assertRaises(AccessError):
            Answer.create({"lead_id": self.their_deal.id, "question_id": self.question.id, "value_text": "x"})
        self.assertFalse(self.their_deal.answer_ids)
        # Their own opportunity's cycle is theirs to answer.
        self.my_deal.with_user(self.user_own).action_open_cycle()
        mine = self.my_deal.answer_ids
        mine.with_user(self.user_own).value_text = "Approved"
        self.assertEqual(mine.value_text, "Approved")

    def test_answers_need_the_right_to_edit_the_opportunity(self):
        # A user who may read every opportunity but edit none: the answer's own rules let it through,
        # the opportunity's write access does not.
        answer = self.env["crm.lead.answer"].create({"lead_id": self.their_deal.id, "question_id": self.question.id})
        self.env["ir.rule"].create({
            "name": "AF test: opportunities read-only", "model_id": self.env["ir.model"]._get_id("crm.lead"),
            "domain_force": "[(0, '=', 1)]", "perm_read": False, "perm_create": False, "perm_unlink": False,
        })
        with self.assertRaisesRegex(AccessError, "cannot answer the service cycle of Their deal"):
            answer.with_user(self.user_analyst).value_text = "overwritten"
        self.assertFalse(answer.value_text)

    def test_existing_databases_get_the_new_rule_on_update(self):
        rule = self.env.ref("crm_action_flow.crm_action_log_rule_own")
        rule.domain_force = OLD_OWN_RULE  # a database installed before 18.0.1.1.0
        rules_file = "security/crm_action_flow_rules.xml"
        # The rules file is noupdate: reloading it alone keeps the old domain ...
        convert_file(self.env, "crm_action_flow", rules_file, {}, mode="update")
        self.assertEqual(self.env.ref("crm_action_flow.crm_action_log_rule_own").domain_force, OLD_OWN_RULE)
        # ... the migration of 18.0.1.1.0 deletes it first, so the update creates it from the file again.
        path = file_path("crm_action_flow/migrations/18.0.1.1.0/pre-migrate.py")
        spec = importlib.util.spec_from_file_location("crm_action_flow_pre_migrate_18_0_1_1_0", path)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        migration.migrate(self.env.cr, "18.0.1.0.0")
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        convert_file(self.env, "crm_action_flow", rules_file, {}, mode="update")
        rule = self.env.ref("crm_action_flow.crm_action_log_rule_own")
        self.assertNotIn("False", rule.domain_force)
        self.assertEqual(rule.groups, self.env.ref("sales_team.group_sale_salesman"))
        own_rules = self.env["ir.rule"].search([
            ("model_id.model", "=", "crm.action.log"), ("groups", "in", rule.groups.ids),
        ])
        self.assertEqual(own_rules, rule, "the old rule is gone, not OR-ed with the new one")
