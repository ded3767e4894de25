from datetime import date

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import PortfolioCase


@tagged("post_install", "-at_install", "crm_portfolio")
class TestCustomer(PortfolioCase):
    """PO-3 agents, PO-8 MRR, PO-9 status, access."""

    def test_assign_to_me_and_unassign(self):
        self.acme.with_user(self.analyst).action_assign_to_me()
        self.assertEqual(self.acme.agent_ids, self.analyst)
        self.assertIn(self.acme, self.analyst.assigned_partner_ids)
        self.assertTrue(self.acme.with_user(self.analyst).is_assigned_to_me)
        self.acme.with_user(self.analyst2).action_assign_to_me()
        self.assertEqual(self.acme.agent_ids, self.analyst | self.analyst2)
        self.acme.with_user(self.analyst).action_unassign()
        self.assertEqual(self.acme.agent_ids, self.analyst2)

    def test_readonly_cannot_assign_nor_edit_portfolios(self):
        with self.assertRaises(AccessError):
            self.pf_key.with_user(self.readonly).name = "Renamed"
        with self.assertRaises(AccessError):
            self.env["crm.portfolio.import"].with_user(self.readonly).create({})

    def test_analyst_moves_cards_but_cannot_edit_portfolios(self):
        self.acme.portfolio_id = self.pf_key
        self.acme.with_user(self.analyst)._journey_move_to_stage(self.live)
        self.assertEqual(self.acme.journey_stage_id, self.live)
        with self.assertRaises(AccessError):
            self.pf_key.with_user(self.analyst).name = "Renamed"

    def test_mrr_from_won_opportunities(self):
        contact = self.env["res.partner"].create({"name": "Buyer", "parent_id": self.acme.id})
        Lead = self.env["crm.lead"]
        yearly = self.env.ref("crm.crm_recurring_plan_yearly")
        won = Lead.create({"name": "Plan", "type": "opportunity", "partner_id": contact.id,
                           "recurring_revenue": 1200, "recurring_plan": yearly.id})
        Lead.create({"name": "Open", "type": "opportunity", "partner_id": self.acme.id, "recurring_revenue": 500,
                     "recurring_plan": self.env.ref("crm.crm_recurring_plan_monthly").id})
        won.action_set_won()
        self.acme.invalidate_recordset(["mrr"])
        self.acme._compute_mrr()
        self.assertEqual(self.acme.mrr, 100.0)

    def test_cancel_asks_date_and_reason_and_reactivate_keeps_history(self):
        wizard = self.env["crm.portfolio.cancel.wizard"].with_user(self.analyst).create(
            {"partner_id": self.acme.id, "date": date(2026, 11, 20), "reason": "Closed the shop"}
        )
        wizard.action_confirm()
        self.assertRecordValues(self.acme, [{"customer_state": "cancelled", "cancel_date": date(2026, 11, 20),
                                              "cancel_reason": "Closed the shop", "active": True}])
        self.acme.action_reactivate()
        self.assertEqual(self.acme.customer_state, "active")
        self.assertEqual(self.acme.status_history_ids.mapped("state"), ["active", "cancelled"])

    def test_cancel_without_reason_is_refused(self):
        with self.assertRaisesRegex(UserError, "reason"):
            self.acme._portfolio_cancel(date(2026, 11, 20), "  ")
        self.assertEqual(self.acme.customer_state, "active")
        self.assertFalse(self.acme.status_history_ids)
