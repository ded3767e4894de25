from contextlib import contextmanager

from odoo.tests import TransactionCase, new_test_user


class NothingWrittenMixin:
    """For the pack's TransactionCases: bad input raises a clear error and leaves nothing written."""

    @contextmanager
    def assertRaisesRegex(self, expected_exception, expected_regex):
        """Like unittest's, inside Odoo's savepointed assertRaises: what failed leaves nothing written."""
        with self.assertRaises(expected_exception) as context:
            yield context
        self.assertRegex(str(context.exception), expected_regex)


def other_company_user(env, login, groups="crm_action_flow.group_retention_analyst", name=None):
    """A second company and a user of it only (all documents salesperson, Analyst by default), for X-6.

    Any addon's tests use it: ``company_b, user_b = other_company_user(cls.env, "jo_analyst_b")``.
    Records of "company A" are those with the test's main company (``env.company``) set explicitly.
    """
    company = env["res.company"].create({"name": f"Filial {login}"})
    user = new_test_user(
        env, login, groups=f"sales_team.group_sale_salesman_all_leads,{groups}", name=name or f"User {login}",
        company_id=company.id, company_ids=[(6, 0, company.ids)],
    )
    return company, user


class ActionFlowCase(NothingWrittenMixin, TransactionCase):
    """Fixtures shared by the crm_action_flow tests: users of each profile, actions, results, a customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True, mail_create_nolog=True))
        sales = "sales_team.group_sale_salesman"
        cls.user_admin_profile = new_test_user(
            cls.env, "af_admin", groups=f"{sales},crm_action_flow.group_retention_admin", tz="America/Sao_Paulo"
        )
        cls.user_analyst = new_test_user(
            cls.env, "af_analyst", groups=f"{sales}_all_leads,crm_action_flow.group_retention_analyst",
            tz="America/Sao_Paulo",
        )
        cls.user_readonly = new_test_user(
            cls.env, "af_readonly", groups=f"{sales},crm_action_flow.group_retention_readonly"
        )
        cls.user_own = new_test_user(
            cls.env, "af_own", groups=f"{sales},crm_action_flow.group_retention_analyst", tz="America/Sao_Paulo"
        )
        cls.user_own_other = new_test_user(
            cls.env, "af_own_other", groups=f"{sales},crm_action_flow.group_retention_analyst"
        )
        ActivityType = cls.env["mail.activity.type"]
        cls.type_call = ActivityType.create({"name": "AF Call", "category": "phonecall"})
        cls.type_visit = ActivityType.create({"name": "AF Visit"})
        Action = cls.env["crm.action"]
        cls.action_call = Action.create(
            {"name": "Call", "activity_type_id": cls.type_call.id, "schedules_followup": True}
        )
        cls.action_visit = Action.create(
            {"name": "Visit", "activity_type_id": cls.type_visit.id, "schedules_followup": True}
        )
        Result = cls.env["crm.action.result"]
        cls.category_contact = cls.env["crm.action.result.category"].create({"name": "Contact made"})
        cls.stage_new, cls.stage_qualified, cls.stage_proposition = (
            cls.env["crm.stage"].create({"name": name, "sequence": seq})
            for name, seq in (("AF New", 1), ("AF Qualified", 2), ("AF Proposition", 3))
        )
        cls.result_call_interested = Result.create({
            "name": "Interested", "action_id": cls.action_call.id, "outcome": "positive", "productive": True,
            "category_id": cls.category_contact.id, "stage_id": cls.stage_qualified.id,
            "next_action_mode": "automatic", "next_action_id": cls.action_visit.id,
            "period_type": "days", "period": 3,
        })
        cls.result_call_no_answer = Result.create({
            "name": "No answer", "action_id": cls.action_call.id, "outcome": "neutral",
        })
        cls.result_call_refused = Result.create({
            "name": "Not interested", "action_id": cls.action_call.id, "outcome": "negative",
        })
        cls.result_visit_positive = Result.create({
            "name": "Proposal requested", "action_id": cls.action_visit.id, "outcome": "positive",
            "productive": True, "next_action_mode": "prompt", "next_action_id": cls.action_call.id,
            "period_type": "days", "period": 2,
        })
        cls.action_call.default_result_id = cls.result_call_interested
        cls.customer = cls.env["res.partner"].create({"name": "Padaria Estrela", "is_company": True})
        cls.contact = cls.env["res.partner"].create({"name": "Ana Souza", "parent_id": cls.customer.id})
        cls.opportunity = cls.env["crm.lead"].create({
            "name": "Estrela - ovens", "type": "opportunity", "partner_id": cls.customer.id,
            "stage_id": cls.stage_new.id, "user_id": cls.user_analyst.id,
        })
        cls.lost_reason = cls.env["crm.lost.reason"].create({"name": "Too expensive"})

    def log(self, user=None, **values):
        """Log an action through the wizard, as a user would, and return (log, wizard action)."""
        env = self.env(user=user or self.user_analyst)
        values.setdefault("partner_id", self.customer.id)
        values.setdefault("action_id", self.action_call.id)
        values.setdefault("result_id", self.result_call_no_answer.id)
        wizard = env["crm.action.log.wizard"].create(values)
        before = env["crm.action.log"].sudo().search([], order="id desc", limit=1)
        action = wizard.action_log()
        log = env["crm.action.log"].sudo().search([("id", ">", before.id or 0)], order="id desc", limit=1)
        return log, wizard, action

    def customer_activities(self, record=None):
        record = record or self.customer
        return self.env["mail.activity"].search([("res_model", "=", record._name), ("res_id", "=", record.id)])
