from psycopg2 import IntegrityError

from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .common import PortfolioCase


@tagged("post_install", "-at_install", "crm_portfolio")
class TestPortfolio(PortfolioCase):
    """PO-1 and PO-2: portfolios, default per manager, manager proposal, journey reset and New flag."""

    def test_one_default_per_manager(self):
        self.assertTrue(self.pf_key.is_default)
        self.pf_small.is_default = True
        self.assertFalse(self.pf_key.is_default, "making one default clears the previous one")
        self.assertTrue(self.pf_north.is_default, "other managers keep theirs")
        third = self.env["crm.portfolio"].create({"name": "Third", "manager_id": self.maria.id, "is_default": True})
        self.assertFalse(self.pf_small.is_default)
        self.assertTrue(third.is_default)

    def test_name_limits(self):
        with self.assertRaisesRegex(ValidationError, "at most 128 characters"):
            self.env["crm.portfolio"].create({"name": "x" * 129, "manager_id": self.maria.id})
        self.env["crm.portfolio"].create({"name": "y" * 128, "manager_id": self.maria.id})

    @mute_logger("odoo.sql_db")
    def test_name_unique(self):
        with self.assertRaises(IntegrityError):
            self.env["crm.portfolio"].create({"name": "Key accounts", "manager_id": self.joao.id})

    def test_manager_proposes_default_portfolio(self):
        with Form(self.acme) as form:
            form.success_manager_id = self.joao
            self.assertEqual(form.portfolio_id, self.pf_north)
            form.success_manager_id = self.maria
            self.assertEqual(form.portfolio_id, self.pf_key)
        self.assertEqual(self.acme.portfolio_id, self.pf_key)
        self.assertEqual(self.acme.success_manager_id, self.maria)

    def test_portfolio_change_resets_journey_and_marks_new(self):
        self.acme.portfolio_id = self.pf_key
        self.assertEqual(self.acme.journey_id, self.journey)
        self.assertEqual(self.acme.journey_stage_id, self.kickoff)
        self.assertTrue(self.acme.portfolio_is_new)
        self.assertEqual(self.acme.success_manager_id, self.maria)
        self.acme._journey_move_to_stage(self.live)
        self.assertFalse(self.acme.portfolio_is_new, "moving on clears New")
        self.acme.portfolio_id = self.pf_north
        self.assertFalse(self.acme.journey_id, "North has no journey")
        self.assertEqual(self.acme.success_manager_id, self.joao)
        self.acme.portfolio_id = self.pf_key
        self.assertEqual(self.acme.journey_stage_id, self.kickoff, "back to the first stage")
        self.assertTrue(self.acme.portfolio_is_new)

    def test_customer_in_one_portfolio(self):
        self.acme.portfolio_id = self.pf_key
        self.acme.portfolio_id = self.pf_small
        self.assertEqual(self.pf_key.customer_count, 0)
        self.assertEqual(self.pf_small.customer_count, 1)

    def test_board_shows_the_journey(self):
        self.acme.portfolio_id = self.pf_key
        action = self.pf_key.action_open_board()
        self.assertEqual(action["context"]["journey_kanban_journey_id"], self.journey.id)
        groups = self.env["res.partner"].with_context(**action["context"]).read_group(
            action["domain"], ["journey_stage_id"], ["journey_stage_id"]
        )
        self.assertEqual([g["journey_stage_id"][0] for g in groups], [self.kickoff.id, self.live.id],
                         "every stage shows, empty or not")
        self.assertIn("Onboarding", action["name"])
