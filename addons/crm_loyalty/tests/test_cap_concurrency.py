from datetime import date

from psycopg2.errors import SerializationFailure

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.crm_action_flow.tests.concurrency import ConcurrencyCase

CAP_MESSAGE = r"already holds 1 customers under loyalty, the maximum allowed"


@tagged("post_install", "-at_install", "crm_loyalty")
class TestCapConcurrency(ConcurrencyCase):
    """LO-9 under concurrency (X-6): the cap of customers per salesperson holds for simultaneous grants."""

    def setUp(self):
        super().setUp()
        self.day = date.today()
        with self.transaction() as env:
            ICP = env["ir.config_parameter"]
            previous = ICP.get_param("crm_loyalty.max_customers")
            ICP.set_param("crm_loyalty.max_customers", 1)
            self.addCleanup(self._restore_cap, previous)
            user = new_test_user(
                env, f"{self.prefix}-ana", name=f"{self.prefix} Ana",
                groups="sales_team.group_sale_salesman_all_leads,crm_action_flow.group_retention_analyst",
            )
            self.salesperson_id = user.id
            self.addCleanup(self._delete)
            action = env["crm.action"].create({"name": f"{self.prefix} visit", "grants_loyalty": True})
            self.action_id = action.id
            self.result_id = env["crm.action.result"].create({
                "name": f"{self.prefix} closed", "action_id": action.id, "outcome": "positive",
                "loyalty_days": 30,
            }).id
            self.customer_ids = env["res.partner"].create([
                {"name": f"{self.prefix} customer {n}", "is_company": True} for n in (1, 2)
            ]).ids

    def _restore_cap(self, previous):
        with self.transaction() as env:
            env["ir.config_parameter"].set_param("crm_loyalty.max_customers", previous or False)

    def _delete(self):
        with self.transaction() as env:
            customers = env["res.partner"].with_context(active_test=False).search(
                [("name", "=like", f"{self.prefix} customer%")]
            )
            env["crm.action.log"].search([("partner_id", "in", customers.ids)]).unlink()
            customers.unlink()
            env["crm.action"].with_context(active_test=False).search([("name", "=like", f"{self.prefix}%")]).unlink()
            users = env["res.users"].with_context(active_test=False).search([("login", "=like", f"{self.prefix}%")])
            keys = [f"crm_loyalty.max_customers:{uid}" for uid in users.ids]
            partners = users.partner_id
            users.unlink()
            partners.unlink()
            env.cr.execute("DELETE FROM crm_limit_lock WHERE key = ANY(%s)", [keys])

    def grant(self, env, customer_id):
        """The salesperson logs the loyalty result on the customer (the log's effects grant the loyalty)."""
        return env["crm.action.log"].create({
            "partner_id": customer_id, "action_id": self.action_id, "result_id": self.result_id,
            "date": self.day, "user_id": env.uid,
        }).id

    def held(self):
        with self.transaction() as env:
            return env["res.partner"].search(
                [("id", "in", self.customer_ids), ("loyalty_user_id", "=", self.salesperson_id)]
            )

    def test_second_grant_after_the_first_commits_is_retried_then_refused(self):
        first, second = self.customer_ids
        with self.transaction(self.salesperson_id) as env_b:
            env_b.cr.execute("SELECT 1")  # B's snapshot is taken before A commits
            with self.transaction(self.salesperson_id) as env_a:
                self.grant(env_a, first)
            # A has committed; B, in its older snapshot, would not see A's customer in its count.
            with self.assertRaises(SerializationFailure), mute_logger("odoo.sql_db"):
                self.grant(env_b, second)
            env_b.cr.rollback()
            env_b.reset()
            # Retried with a fresh snapshot (what Odoo's RPC layer does): the cap is seen, clearly refused.
            with self.assertRaisesRegex(UserError, CAP_MESSAGE):
                self.grant(env_b, second)
            env_b.cr.rollback()
        self.assertEqual(self.held().ids, [first])

    @mute_logger("odoo.sql_db", "odoo.service.model")
    def test_simultaneous_grants_hold_one_customer(self):
        outcomes = self.run_concurrently(
            *[(self.salesperson_id, lambda env, c=customer_id: self.grant(env, c)) for customer_id in self.customer_ids]
        )
        refused = [(exc, attempts) for exc, attempts in outcomes if isinstance(exc, Exception)]
        self.assertEqual(len(refused), 1, f"exactly one grant is refused: {outcomes}")
        exc, attempts = refused[0]
        self.assertIsInstance(exc, UserError)
        self.assertRegex(str(exc), CAP_MESSAGE)
        self.assertEqual(attempts, 2, "refused on the retry, once the first grant is visible")
        self.assertEqual(len(self.held()), 1)
