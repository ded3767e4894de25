from odoo import api, models

from .portfolio_rules import pick_agent


class CrmLead(models.Model):
    _inherit = "crm.lead"

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._portfolio_route_to_agents()
        return leads

    def _portfolio_route_to_agents(self):
        """PO-10: give new leads of portfolio customers to their online agent with the fewest open leads."""
        leads = self.filtered(
            lambda lead: lead.team_id.route_to_agents and lead.partner_id.commercial_partner_id.agent_ids
        )
        if not leads:
            return
        agents = leads.partner_id.commercial_partner_id.agent_ids
        online = set(agents.filtered(lambda user: user.im_status == "online").ids)
        if not online:
            return
        counts = dict(self.env["crm.lead"]._read_group(
            [("user_id", "in", list(online)), ("active", "=", True), ("probability", "<", 100),
             ("id", "not in", leads.ids)],
            ["user_id"], ["__count"],
        ))
        open_leads = {user.id: count for user, count in counts.items()}
        for lead in leads:
            agent = pick_agent(set(lead.partner_id.commercial_partner_id.agent_ids.ids) & online, open_leads)
            if agent:
                lead.user_id = agent
                open_leads[agent] = open_leads.get(agent, 0) + 1
