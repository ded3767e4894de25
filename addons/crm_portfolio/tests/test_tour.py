from datetime import date, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import HttpCase, tagged

from odoo.addons.crm_portfolio.wizard.crm_portfolio_import import CrmPortfolioImport

from .common import PortfolioCase


@tagged("post_install", "-at_install", "crm_portfolio")
class TestImportTour(HttpCase):
    """Browser tour of PO-5: a sheet with a bad row is refused with its counts, the fixed sheet imports."""

    def test_import_tour(self):
        Partner = self.env["res.partner"]
        admin = self.env.ref("base.user_admin")
        north = self.env["crm.portfolio"].create({"name": "Tour North", "manager_id": admin.id})
        acme = Partner.create({"name": "Tour Acme", "is_company": True})
        bolt = Partner.create({"name": "Tour Bolt", "is_company": True})
        cafe = Partner.create({"name": "Tour Café", "is_company": True, "portfolio_id": north.id})
        rows = [(acme.id, acme.name, "Tour North"), (bolt.id, bolt.name, "Tour Nowhere"), (cafe.id, cafe.name, None)]
        fixed = [rows[0], (bolt.id, bolt.name, "Tour North"), rows[2]]
        for name, sheet in (("tour_portfolios_bad.xlsx", rows), ("tour_portfolios_fixed.xlsx", fixed)):
            self.env["ir.attachment"].create({"name": name, "datas": PortfolioCase.xlsx(sheet)})

        downloaded = {}
        download_template = CrmPortfolioImport.action_download_template
        download_errors = CrmPortfolioImport.action_download_errors

        def spy_template(wizard):
            action = download_template(wizard)
            downloaded["template"] = PortfolioCase.read_xlsx(wizard.template_file)
            return action

        def spy_errors(wizard):
            downloaded["errors"] = PortfolioCase.read_xlsx(wizard.error_file)
            return download_errors(wizard)

        with patch.object(CrmPortfolioImport, "action_download_template", spy_template), \
                patch.object(CrmPortfolioImport, "action_download_errors", spy_errors):
            self.start_tour("/odoo/crm", "crm_portfolio_import", login="admin")

        self.assertIn([cafe.id, cafe.name, "Tour North"], downloaded["template"], "the template lists Café's portfolio")
        self.assertEqual(downloaded["errors"][0][-1], "Error")
        self.assertEqual(
            downloaded["errors"][2], [bolt.id, bolt.name, "Tour Nowhere", "No portfolio named “Tour Nowhere”."]
        )
        self.assertFalse(downloaded["errors"][1][-1], "the valid row has no error")

        self.assertEqual(acme.portfolio_id, north)
        self.assertEqual(bolt.portfolio_id, north)
        self.assertEqual(bolt.success_manager_id, admin)
        self.assertFalse(cafe.portfolio_id, "the blank cell removed Café from its portfolio")


@tagged("post_install", "-at_install", "crm_portfolio")
class TestBoardTour(HttpCase):
    """Browser tour of PO-4 and PO-8: the board shows every stage, a card is dragged, the customer base
    shows the marker's emoji."""

    def test_board_tour(self):
        admin = self.env.ref("base.user_admin")
        journey = self.env["crm.journey"].create({
            "name": "Tour onboarding",
            "stage_ids": [
                (0, 0, {"name": "Tour kick-off", "sequence": 1,
                        "milestone_ids": [(0, 0, {"name": "Welcome call", "deadline_days": 2})]}),
                (0, 0, {"name": "Tour live", "sequence": 2}),
                (0, 0, {"name": "Tour renewal", "sequence": 3}),
            ],
        })
        kickoff, live, _renewal = journey.stage_ids.sorted("sequence")
        portfolio = self.env["crm.portfolio"].create(
            {"name": "Tour accounts", "manager_id": admin.id, "journey_id": journey.id}
        )
        marker = self.env["crm.portfolio.marker"].create({"name": "Bakery", "emoji": "🥐"})
        bakery = self.env["res.partner"].create({
            "name": "Tour Padaria", "legal_name": "Panificação Pão Quente Ltda", "is_company": True,
            "portfolio_id": portfolio.id, "marker_id": marker.id,
        })
        self.assertEqual((bakery.journey_stage_id, bakery.portfolio_is_new), (kickoff, True))
        self.env["crm.lead"].create({
            "name": "Bread subscription", "type": "opportunity", "partner_id": bakery.id, "probability": 100,
            "recurring_revenue": 1234, "recurring_plan": self.env.ref("crm.crm_recurring_plan_monthly").id,
        })

        self.start_tour(f"/odoo/action-crm_portfolio.crm_portfolio_action/{portfolio.id}", "crm_portfolio_board",
                        login="admin")

        self.assertEqual(bakery.journey_stage_id, live, "dragged to the next stage")


@tagged("post_install", "-at_install", "crm_portfolio")
class TestMyBoardTour(HttpCase):
    """Browser tour of PO-11 (My portfolio, selector, agent filter, counts, days in the journey), PO-12
    (renews in N days, renewal filter) and PO-13 (the emoji picker)."""

    def test_my_board_tour(self):
        admin = self.env.ref("base.user_admin")
        ana = self.env["res.users"].create({"name": "Ana Tour", "login": "po_tour_ana"})
        Journey = self.env["crm.journey"]
        onboarding = Journey.create({
            "name": "Tour onboarding",
            "stage_ids": [(0, 0, {"name": "Tour kick-off", "sequence": 1}),
                          (0, 0, {"name": "Tour live", "sequence": 2})],
        })
        expansion = Journey.create({"name": "Tour expansion", "stage_ids": [(0, 0, {"name": "Tour upsell"})]})
        Portfolio = self.env["crm.portfolio"]
        Portfolio.search([("manager_id", "=", admin.id), ("is_default", "=", True)]).is_default = False
        accounts = Portfolio.create({"name": "Tour accounts", "manager_id": admin.id, "journey_id": onboarding.id,
                                     "is_default": True})
        other = Portfolio.create({"name": "Tour expansion", "manager_id": admin.id, "journey_id": expansion.id})
        today = date.today()
        with freeze_time(today - timedelta(days=12)):
            bakery = self.env["res.partner"].create({
                "name": "Tour Padaria", "is_company": True, "portfolio_id": accounts.id, "agent_ids": [(4, ana.id)],
            })
        self.env["res.partner"].create({"name": "Tour Mercado", "is_company": True, "portfolio_id": accounts.id,
                                        "next_renewal_date": today + timedelta(days=45)})
        self.env["res.partner"].create({"name": "Tour Farmácia", "is_company": True, "portfolio_id": other.id})
        bakery.next_renewal_date = today + timedelta(days=20)
        marker = self.env["crm.portfolio.marker"].create({"name": "Tour bakery", "emoji": "⭐"})

        self.start_tour("/odoo/action-crm_portfolio.crm_portfolio_my_board_action", "crm_portfolio_my_board",
                        login="admin")

        self.assertEqual(marker.emoji, "🥐", "picked with the emoji picker, replacing the previous one")
