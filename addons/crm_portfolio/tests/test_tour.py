from odoo.tests import HttpCase, tagged

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

        self.start_tour("/odoo/crm", "crm_portfolio_import", login="admin")

        self.assertEqual(acme.portfolio_id, north)
        self.assertEqual(bolt.portfolio_id, north)
        self.assertEqual(bolt.success_manager_id, admin)
        self.assertFalse(cafe.portfolio_id, "the blank cell removed Café from its portfolio")
