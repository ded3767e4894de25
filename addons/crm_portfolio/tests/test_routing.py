from odoo.tests import tagged

from odoo.addons.crm_portfolio.models.portfolio_rules import pick_agent

from .common import PortfolioCase


@tagged("post_install", "-at_install", "crm_portfolio")
class TestRouting(PortfolioCase):
    """PO-10: new leads of portfolio customers go to their online agents."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team = cls.env["crm.team"].create({"name": "Retention team", "route_to_agents": True})
        cls.acme.agent_ids = cls.analyst | cls.analyst2

    def online(self, *users):
        self.env["bus.presence"].search([("user_id", "in", [u.id for u in users])]).unlink()
        for user in users:
            self.env["bus.presence"].create({"user_id": user.id, "status": "online"})

    def new_lead(self, partner=None, team=None):
        return self.env["crm.lead"].create({
            "name": "Wants more", "partner_id": (partner or self.acme).id, "team_id": (team or self.team).id,
            "user_id": False,
        })

    def test_pick_agent_rule(self):
        self.assertIsNone(pick_agent([], {}))
        self.assertEqual(pick_agent([3, 2], {2: 5, 3: 1}), 3)
        self.assertEqual(pick_agent([3, 2], {}), 2)

    def test_the_one_online_agent_gets_it(self):
        self.online(self.analyst2)
        self.assertEqual(self.new_lead().user_id, self.analyst2)

    def test_fewest_open_leads_among_online_agents(self):
        self.online(self.analyst, self.analyst2)
        self.env["crm.lead"].create([{"name": f"Busy {i}", "user_id": self.analyst.id} for i in range(2)])
        self.env["crm.lead"].create({"name": "Busy", "user_id": self.analyst2.id})
        self.assertEqual(self.new_lead().user_id, self.analyst2)

    def test_none_online_keeps_normal_assignment(self):
        lead = self.new_lead()
        self.assertFalse(lead.user_id)

    def test_team_without_routing(self):
        self.online(self.analyst)
        other = self.env["crm.team"].create({"name": "Plain team"})
        self.assertFalse(self.new_lead(team=other).user_id)
