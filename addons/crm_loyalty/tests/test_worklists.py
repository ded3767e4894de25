from datetime import date

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import LoyaltyCase

TODAY = date(2026, 11, 20)


@tagged("post_install", "-at_install")
class TestWorklists(LoyaltyCase):
    """LO-10: My loyal customers, loyalty ending in 7/30 days, category filters and group-bys in the customer
    base, customers by category and holder, category changes over time."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.soon = cls.customer
        cls.month = Partner.create({"name": "Padaria Mês", "is_company": True})
        cls.later = Partner.create({"name": "Farmácia Depois", "is_company": True})
        cls.other = Partner.create({"name": "Loja do Bruno", "is_company": True})
        for partner, holder, end, category in (
            (cls.soon, cls.ana, TODAY + relativedelta(days=5), "active"),
            (cls.month, cls.ana, TODAY + relativedelta(days=25), "recently_inactive"),
            (cls.later, cls.ana, TODAY + relativedelta(days=60), "active"),
            (cls.other, cls.bruno, TODAY + relativedelta(days=3), "inactive"),
        ):
            partner.sudo().write({"loyalty_user_id": holder.id, "loyalty_end": end, "retention_category": category})
        cls.ours = [("id", "in", (cls.soon | cls.month | cls.later | cls.other).ids)]

    def filter_domain(self, name, user):
        """The domain of the customer base's filter ``name``, evaluated as the web client does for ``user``."""
        view = self.env.ref("crm_portfolio.res_partner_customer_base_view_search")
        arch = etree.fromstring(self.env["res.partner"].with_user(user).get_view(view.id, "search")["arch"])
        node = arch.find(f".//filter[@name='{name}']")
        self.assertIsNotNone(node, f"filter {name} in the customer base")
        return safe_eval(node.get("domain"), {
            "uid": user.id, "context_today": lambda: TODAY, "relativedelta": relativedelta,
        })

    def found(self, name, user=None):
        user = user or self.ana
        return self.env["res.partner"].with_user(user).search(self.ours + self.filter_domain(name, user))

    @freeze_time(TODAY)
    def test_my_loyal_and_ending_filters(self):
        self.assertEqual(self.found("my_loyal"), self.soon | self.month | self.later)
        self.assertEqual(self.found("my_loyal", self.bruno), self.other)
        self.assertEqual(self.found("loyalty_ending_7"), self.soon | self.other)
        self.assertEqual(self.found("loyalty_ending_30"), self.soon | self.month | self.other)

    def test_category_filters_and_group_bys(self):
        self.assertEqual(self.found("category_active"), self.soon | self.later)
        self.assertEqual(self.found("category_recently_inactive"), self.month)
        self.assertEqual(self.found("category_inactive"), self.other)
        groups = dict(self.env["res.partner"]._read_group(self.ours, ["retention_category"], ["__count"]))
        self.assertEqual(groups, {"active": 2, "recently_inactive": 1, "inactive": 1})

    def test_worklist_actions_and_menus(self):
        for xmlid, defaults in (
            ("crm_loyalty.res_partner_my_loyal_action", {"search_default_my_loyal"}),
            ("crm_loyalty.res_partner_loyalty_ending_action", {"search_default_my_loyal",
                                                               "search_default_loyalty_ending_30"}),
        ):
            action = self.env["ir.actions.act_window"].with_user(self.ana)._for_xml_id(xmlid)
            self.assertTrue(defaults <= set(safe_eval(action["context"])), xmlid)
        analysis = self.env.ref("crm_loyalty.res_partner_loyalty_analysis_action")
        self.assertEqual(analysis.view_mode, "pivot,graph,list")
        menus = self.env["ir.ui.menu"].with_user(self.ana)._visible_menu_ids()
        for xmlid in ("res_partner_my_loyal_menu", "res_partner_loyalty_ending_menu",
                      "res_partner_loyalty_analysis_menu", "crm_loyalty_category_history_menu"):
            self.assertIn(self.env.ref(f"crm_loyalty.{xmlid}").id, menus, xmlid)

    def test_by_category_and_holder(self):
        """The pivot's cells: customers by category (rows) and holder (columns), as the pivot reads them."""
        pivot = etree.fromstring(self.env.ref("crm_loyalty.res_partner_loyalty_view_pivot").arch)
        self.assertEqual([f.get("name") for f in pivot.iter("field")], ["retention_category", "loyalty_user_id"])
        cells = {
            (category, holder.name): count
            for category, holder, count in self.env["res.partner"].with_user(self.ana)._read_group(
                self.ours, ["retention_category", "loyalty_user_id"], ["__count"])
        }
        self.assertEqual(cells, {("active", "Ana Vendedora"): 2, ("recently_inactive", "Ana Vendedora"): 1,
                                 ("inactive", "Bruno Vendedor"): 1})

    def test_category_changes_over_time(self):
        History = self.env["crm.loyalty.category.history"].sudo()
        History.create([
            {"partner_id": self.soon.id, "category_to": "active", "date": date(2026, 9, 1), "cause": "first"},
            {"partner_id": self.soon.id, "category_from": "active", "category_to": "recently_inactive",
             "date": date(2026, 10, 3), "cause": "last_won"},
            {"partner_id": self.month.id, "category_from": "active", "category_to": "recently_inactive",
             "date": date(2026, 10, 20), "cause": "last_won"},
        ])
        months = self.env["crm.loyalty.category.history"].with_user(self.ana)._read_group(
            [("partner_id", "in", (self.soon | self.month).ids)], ["date:month", "category_to"], ["__count"])
        self.assertEqual({(d.month, to): n for d, to, n in months},
                         {(9, "active"): 1, (10, "recently_inactive"): 2})
        graph = etree.fromstring(self.env.ref("crm_loyalty.crm_loyalty_category_history_view_graph").arch)
        self.assertEqual(graph.find("field").get("interval"), "month")
