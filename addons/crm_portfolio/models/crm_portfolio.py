from odoo import api, fields, models

from odoo.addons.crm_action_flow.models.retention_bounds import COLOR_RANGE

from .portfolio_rules import MAX_NAME


class CrmPortfolio(models.Model):
    """PO-1: customers grouped under one success manager."""

    _name = "crm.portfolio"
    _description = "Portfolio"
    _inherit = ["mail.thread", "crm.retention.bounds.mixin"]
    _order = "name, id"

    name = fields.Char(required=True, tracking=True, retention_name=MAX_NAME)
    active = fields.Boolean(default=True)
    manager_id = fields.Many2one(
        "res.users", string="Success Manager", required=True, tracking=True, domain=[("share", "=", False)]
    )
    journey_id = fields.Many2one("crm.journey", tracking=True)
    is_default = fields.Boolean(
        string="Default", tracking=True,
        help="The manager's default portfolio, proposed when a customer gets the manager.",
    )
    partner_ids = fields.One2many("res.partner", "portfolio_id", string="Customers")
    customer_count = fields.Integer(compute="_compute_customer_count")
    color = fields.Integer(retention_range=COLOR_RANGE)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A portfolio with this name already exists."),
    ]

    @api.depends("partner_ids")
    def _compute_customer_count(self):
        counts = {
            portfolio.id: count
            for portfolio, count in self.env["res.partner"]._read_group(
                [("portfolio_id", "in", self.ids)], ["portfolio_id"], ["__count"]
            )
        }
        for portfolio in self:
            portfolio.customer_count = counts.get(portfolio.id, 0)

    @api.model_create_multi
    def create(self, vals_list):
        portfolios = super().create(vals_list)
        portfolios.filtered("is_default")._clear_other_defaults()
        return portfolios

    def write(self, vals):
        res = super().write(vals)
        if vals.get("is_default") or ("manager_id" in vals and any(self.mapped("is_default"))):
            self.filtered("is_default")._clear_other_defaults()
        if "journey_id" in vals:
            # Customers of a portfolio walk its journey.
            for portfolio in self:
                portfolio.partner_ids.sudo().write({"journey_id": portfolio.journey_id.id, "portfolio_is_new": True})
        return res

    def _clear_other_defaults(self):
        """A manager has at most one default portfolio: the newest default wins (same transaction)."""
        for portfolio in self:
            others = self.search([
                ("manager_id", "=", portfolio.manager_id.id), ("is_default", "=", True), ("id", "!=", portfolio.id),
            ])
            others.write({"is_default": False})

    def action_open_board(self):
        """PO-4: the portfolio board, a kanban of its customers by journey stage."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_portfolio.crm_portfolio_board_action")
        action["name"] = self.env._("%(portfolio)s — %(journey)s", portfolio=self.name,
                                    journey=self.journey_id.name or self.env._("no journey"))
        action["display_name"] = action["name"]  # the breadcrumb shows the display name
        action["domain"] = [("portfolio_id", "=", self.id)]
        action["context"] = {
            "default_portfolio_id": self.id,
            "journey_kanban_journey_id": self.journey_id.id,
            "search_default_portfolio_id": self.id,
        }
        return action

    def action_open_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_portfolio.res_partner_customer_base_action")
        action["context"] = {"search_default_portfolio_id": self.id}
        return action
