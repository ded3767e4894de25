from odoo import fields, models


class CrmTeam(models.Model):
    _inherit = "crm.team"

    route_to_agents = fields.Boolean(
        string="Route to Customer Agents",
        help="New leads of portfolio customers go to the customer's agent who is online (the one with the "
        "fewest open leads among several); with none online, the team's normal assignment applies.",
    )
