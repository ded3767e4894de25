from datetime import date, timedelta

from lxml import etree

from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from .common import LoyaltyCase

HEADER_CELLS = [
    "crm_retention_360_journey_stage", "crm_retention_360_category", "crm_retention_360_loyalty_holder",
    "crm_retention_360_loyalty_end", "crm_retention_360_account_class", "crm_retention_360_portfolio",
    "crm_retention_360_success_manager", "crm_retention_360_agents", "crm_retention_360_mrr",
    "crm_retention_360_next_renewal", "crm_retention_360_last_action", "crm_retention_360_next_activity",
]


@tagged("post_install", "-at_install", "crm_loyalty")
class TestCustomer360Header(LoyaltyCase):
    """JO-8 (completed): the company form opens with the Customer 360 header, each addon adding its cells."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journey = cls.env["crm.journey"].create({
            "name": "H360 journey",
            "stage_ids": [Command.create({"name": "H360 Kick-off", "sequence": 1}),
                          Command.create({"name": "H360 Setup", "sequence": 2})],
        })
        cls.portfolio = cls.env["crm.portfolio"].create(
            {"name": "H360 portfolio", "manager_id": cls.manager.id, "journey_id": cls.journey.id}
        )
        cls.account_class = cls.env["crm.account.class"].create({"name": "H360 class"})
        cls.todo = cls.env.ref("mail.mail_activity_data_todo")

    def fill(self, customer, count):
        """``count`` logs, activities (at least 3) and agents on ``customer``; returns ``customer``."""
        customer.write({"portfolio_id": self.portfolio.id, "account_class_id": self.account_class.id,
                        "next_renewal_date": date.today() + timedelta(days=12)})
        agents = self.env["res.users"].create([
            {"name": f"H360 agent {customer.id} {index}", "login": f"h360_{customer.id}_{index}"}
            for index in range(count)
        ])
        customer.agent_ids = [Command.set(agents.ids)]
        contact = self.env["res.partner"].create({"name": "H360 contact", "parent_id": customer.id})
        lead = self.env["crm.lead"].create({"name": "H360 deal", "type": "opportunity", "partner_id": customer.id})
        today = date.today()
        for index in range(count):
            self.grant(self.ana, customer, day=today - timedelta(days=count - index))
        # At least one activity on each kind of record (customer, contact, opportunity): their access is
        # checked once per model.
        activities = max(count, 3)
        for index in range(activities):
            record = (customer, contact, lead)[index % 3]
            record.activity_schedule(act_type_xmlid="mail.mail_activity_data_todo", user_id=self.ana.id,
                                     summary=f"H360 step {index}",
                                     date_deadline=today + timedelta(days=activities - index))
        customer.sudo().write({"retention_category": "active"})
        return customer

    def test_header_values_as_salesperson(self):
        customer = self.fill(self.customer, 3)
        form = Form(customer.with_user(self.ana))
        self.assertEqual(form.journey_stage_id.name, "H360 Kick-off")
        self.assertEqual(form.journey_status, customer.journey_status)
        self.assertEqual(form.retention_category, "active")
        self.assertEqual(form.loyalty_user_id, self.ana)
        self.assertEqual(form.loyalty_end, str(customer.loyalty_end))
        self.assertEqual(form.account_class_id, self.account_class)
        self.assertEqual(form.portfolio_id, self.portfolio)
        self.assertEqual(form.success_manager_id, self.manager)
        self.assertEqual(len(form.agent_ids), 3)
        self.assertEqual(form.next_renewal_date, str(date.today() + timedelta(days=12)))
        self.assertEqual(form.renews_in_days, 12)
        self.assertEqual(form.last_action_date, str(date.today() - timedelta(days=1)))
        self.assertEqual(form.last_action_id, self.action)
        self.assertEqual(form.last_action_result_id, self.result)
        self.assertEqual(form.customer_next_activity_date, str(date.today() + timedelta(days=1)))
        self.assertEqual(form.customer_next_activity_summary, "H360 step 2")
        self.assertEqual(form.customer_next_activity_type_id, self.todo)

    def test_header_cells_in_order(self):
        arch = self.env["res.partner"].with_user(self.ana).get_views([(False, "form")])["views"]["form"]["arch"]
        header = etree.fromstring(arch).xpath("//div[@name='crm_retention_360']")
        self.assertEqual(len(header), 1)
        self.assertEqual(header[0].get("invisible"), "not is_company")
        self.assertEqual([cell.get("name") for cell in header[0]], HEADER_CELLS)

    def test_header_hidden_without_retention_profile(self):
        user = new_test_user(self.env, "h360_none", groups="sales_team.group_sale_salesman_all_leads")
        arch = self.env["res.partner"].with_user(user).get_views([(False, "form")])["views"]["form"]["arch"]
        self.assertFalse(etree.fromstring(arch).xpath("//div[@name='crm_retention_360']"))

    def test_header_respects_record_rules(self):
        """An own-documents salesperson sees only the logs they may read; another company's
        user sees none of this company's logs."""
        own = new_test_user(self.env, "h360_own", groups="sales_team.group_sale_salesman,"
                            "crm_action_flow.group_retention_analyst")
        self.grant(self.ana, day=date.today() - timedelta(days=1))  # not readable by ``own``
        self.customer.activity_schedule(act_type_xmlid="mail.mail_activity_data_todo", user_id=self.ana.id,
                                        date_deadline=date.today() + timedelta(days=5), summary="Visible")
        call = self.env["crm.action"].create({"name": "H360 call"})
        answered = self.env["crm.action.result"].create({"name": "H360 answered", "action_id": call.id})
        mine = self.env["crm.action.log"].with_user(own).create({
            "partner_id": self.customer.id, "action_id": call.id, "result_id": answered.id,
            "date": date.today() - timedelta(days=8), "user_id": own.id,
        })
        customer = self.customer.with_user(own)
        self.assertEqual(customer.last_action_log_id, mine)
        self.assertEqual(customer.customer_next_activity_summary, "Visible")
        other = self.env["res.company"].create({"name": "H360 other company"})
        stranger = new_test_user(self.env, "h360_other", groups="sales_team.group_sale_salesman_all_leads,"
                                 "crm_action_flow.group_retention_analyst",
                                 company_id=other.id, company_ids=[Command.set(other.ids)])
        self.assertFalse(self.customer.with_user(stranger).last_action_log_id)

    def test_next_activity_follows_odoos_activity_access(self):
        """The next-activity cell shows only activities the user may read in Odoo: assigned to them, or on a
        document they may read (crm's own-documents rule lets salespeople read their leads and unassigned
        ones, not another salesperson's)."""
        own = new_test_user(self.env, "h360_own_act", groups="sales_team.group_sale_salesman,"
                            "crm_action_flow.group_retention_analyst")
        today = date.today()

        def deal(name, user, assignee, days):
            lead = self.env["crm.lead"].create({"name": name, "type": "opportunity", "partner_id": self.customer.id,
                                                "user_id": user.id if user else False})
            lead.activity_schedule(act_type_xmlid="mail.mail_activity_data_todo", user_id=assignee.id,
                                   summary=name, date_deadline=today + timedelta(days=days))

        deal("Ana's deal", self.ana, self.ana, 1)
        deal("Unassigned deal", None, self.ana, 2)
        self.assertEqual(self.customer.with_user(self.ana).customer_next_activity_summary, "Ana's deal")
        self.assertEqual(self.customer.with_user(own).customer_next_activity_summary, "Unassigned deal",
                         "another salesperson's deal is not readable, an unassigned one is")
        deal("Asked of own on Ana's deal", self.ana, own, 0)
        self.env.invalidate_all()
        self.assertEqual(self.customer.with_user(own).customer_next_activity_summary, "Asked of own on Ana's deal",
                         "an activity assigned to the user is theirs to see")

    def test_form_read_costs_the_same_with_many_related_records(self):
        """No query per log, activity or agent: the form's read of a customer with 20 of each costs what it
        costs with one."""
        Partner = self.env["res.partner"]
        small = self.fill(Partner.create({"name": "H360 small", "is_company": True}), 1)
        big = self.fill(Partner.create({"name": "H360 big", "is_company": True}), 20)
        spec = Form(small.with_user(self.ana))._view["fields_spec"]
        self.env.flush_all()
        small.with_user(self.ana).web_read(spec)  # warm the ormcaches
        big.with_user(self.ana).web_read(spec)
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        small.with_user(self.ana).web_read(spec)
        one = self.env.cr.sql_log_count - before
        self.env.invalidate_all()
        self.env.invalidate_all()
        # The header's cells cost the same; the Journey tab's timeline (crm_journey) fetches its other logs
        # in one more query when there are more logs than the header already read.
        with self.assertQueryCount(one + 1):
            [values] = big.with_user(self.ana).web_read(spec)
        self.assertEqual(len(values["agent_ids"]), 20)
