from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.crm_portfolio.models import portfolio_rules

from .common import PortfolioCase


@tagged("post_install", "-at_install", "crm_portfolio")
class TestMyBoard(PortfolioCase):
    """PO-11: "My portfolio" opens the user's default portfolio, else the first managed, else the first where
    they are an agent, else an empty state; the selector shows one journey at a time; days in the journey."""

    def open_for(self, user):
        return self.env["crm.portfolio"].with_user(user).action_open_my_board()

    def test_default_portfolio_first(self):
        action = self.open_for(self.maria)
        self.assertEqual(action["context"]["searchpanel_default_portfolio_id"], self.pf_key.id)
        self.assertEqual(action["context"]["journey_kanban_journey_id"], self.journey.id)
        self.assertEqual(action["name"], "Key accounts — Onboarding")
        self.assertEqual(action["res_model"], "res.partner")

    def test_else_first_managed(self):
        self.pf_key.is_default = False
        action = self.open_for(self.maria)
        self.assertEqual(action["context"]["searchpanel_default_portfolio_id"], self.pf_key.id,
                         "the first of her portfolios by name")
        self.pf_key.manager_id = self.joao
        self.assertEqual(self.open_for(self.maria)["context"]["searchpanel_default_portfolio_id"], self.pf_small.id)

    def test_else_first_where_agent(self):
        self.acme.write({"portfolio_id": self.pf_north.id, "agent_ids": [(4, self.analyst.id)]})
        action = self.open_for(self.analyst)
        self.assertEqual(action["context"]["searchpanel_default_portfolio_id"], self.pf_north.id)
        self.assertEqual(self.env["res.partner"].with_user(self.analyst).search(
            action["domain"] + [("portfolio_id", "=", self.pf_north.id)]), self.acme)

    def test_empty_state_says_what_to_do(self):
        action = self.open_for(self.analyst2)
        self.assertEqual(self.env["res.partner"].search_count(action["domain"]), 0)
        self.assertIn("You have no portfolio yet", action["help"])
        self.assertIn("Ask an administrator", action["help"])
        self.assertNotIn("searchpanel_default_portfolio_id", action.get("context") or {})

    def test_menu_runs_the_server_action(self):
        server_action = self.env.ref("crm_portfolio.crm_portfolio_my_board_action")
        self.assertEqual(self.env.ref("crm_portfolio.crm_portfolio_board_menu").action, server_action)
        action = server_action.with_user(self.maria).run()
        self.assertEqual(action["context"]["searchpanel_default_portfolio_id"], self.pf_key.id)

    def test_selector_shows_the_chosen_portfolios_journey(self):
        other = self.env["crm.journey"].create({"name": "Expansion", "stage_ids": [(0, 0, {"name": "Upsell"})]})
        self.pf_north.journey_id = other
        self.acme.portfolio_id = self.pf_key
        self.bolt.portfolio_id = self.pf_north
        Partner = self.env["res.partner"].with_context(journey_kanban_journey_id=self.journey.id)
        board = [("portfolio_id", "!=", False)]

        def columns(portfolio):
            groups = Partner.web_read_group(board + [("portfolio_id", "=", portfolio.id)], ["journey_stage_id"],
                                            ["journey_stage_id"])["groups"]
            return {(g["journey_stage_id"][1], g["journey_stage_id_count"]) for g in groups}

        self.assertEqual(columns(self.pf_key), {("Kick-off", 1), ("Live", 0)})
        self.assertEqual(columns(self.pf_north), {("Upsell", 1)}, "switching portfolio switches journey")
        counts = {
            p.id: n for p, n in self.env["res.partner"]._read_group(board, ["portfolio_id"], ["__count"])
        }
        self.assertEqual(counts, {self.pf_key.id: 1, self.pf_north.id: 1})

    def test_agent_filter(self):
        self.acme.write({"portfolio_id": self.pf_key.id, "agent_ids": [(4, self.analyst.id)]})
        self.cafe.write({"portfolio_id": self.pf_key.id})
        found = self.env["res.partner"].search([("portfolio_id", "=", self.pf_key.id),
                                                ("agent_ids", "in", [self.analyst.id])])
        self.assertEqual(found, self.acme)

    def test_days_in_journey(self):
        with freeze_time("2026-03-01"):
            self.acme.portfolio_id = self.pf_key
        with freeze_time("2026-03-05"):
            self.acme._journey_move_to_stage(self.live)
        with freeze_time("2026-03-11"):
            self.acme.invalidate_recordset()
            self.assertEqual(self.acme.journey_days, 10, "since the journey started, not the stage")
            self.assertEqual(self.acme.journey_days_in_stage, 6)
            self.assertEqual(self.bolt.journey_days, 0, "no journey")

    def test_journey_start_rule(self):
        rows = [(2, date(2026, 3, 9)), (2, date(2026, 3, 5)), (1, date(2026, 2, 1)), (2, date(2025, 1, 1))]
        self.assertEqual(portfolio_rules.journey_start(rows, 2), date(2026, 3, 5), "the current run only")
        self.assertIsNone(portfolio_rules.journey_start(rows, 3))
        self.assertIsNone(portfolio_rules.journey_start([], 2))
