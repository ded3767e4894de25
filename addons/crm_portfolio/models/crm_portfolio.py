from markupsafe import Markup

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
        """PO-4, PO-11: the portfolio board, a kanban of its customers by journey stage.

        The portfolio is the search panel's selection (the board's portfolio selector): choosing another
        portfolio there shows that portfolio's journey, one journey at a time."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_portfolio.crm_portfolio_board_action")
        action["name"] = self.env._("%(portfolio)s — %(journey)s", portfolio=self.name,
                                    journey=self.journey_id.name or self.env._("no journey"))
        action["display_name"] = action["name"]  # the breadcrumb shows the display name
        action["domain"] = [("portfolio_id", "!=", False)]
        action["context"] = {
            "default_portfolio_id": self.id,
            "journey_kanban_journey_id": self.journey_id.id,
            "searchpanel_default_portfolio_id": self.id,
        }
        return action

    @api.model
    def _portfolio_board_for_user(self, user=None):
        """PO-11: the portfolio the board opens on for ``user`` (default: the current user): their default
        portfolio, else the first they manage, else the first with a customer they are an agent of."""
        user = user or self.env.user
        return (
            self.search([("manager_id", "=", user.id), ("is_default", "=", True)], limit=1)
            or self.search([("manager_id", "=", user.id)], limit=1)
            or self.search([("partner_ids.agent_ids", "in", user.ids)], limit=1)
        )

    @api.model
    def action_open_my_board(self):
        """PO-11 "My portfolio": the board of the user's portfolio (see ``_portfolio_board_for_user``); with
        none, the board's empty state says what to do."""
        portfolio = self._portfolio_board_for_user()
        if portfolio:
            return portfolio.action_open_board()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_portfolio.crm_portfolio_board_action")
        action["domain"] = [("id", "=", 0)]
        action["help"] = Markup(
            '<p class="o_view_nocontent_smiling_face">%s</p><p>%s</p>'
        ) % (
            self.env._("You have no portfolio yet"),
            self.env._("The board opens the portfolio you manage (your default one first) or the one whose "
                       "customers you are assigned to as an agent. Ask an administrator to make you the success "
                       "manager of a portfolio (Retention > Portfolios) or to assign you customers."),
        )
        return action

    def action_open_customers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_portfolio.res_partner_customer_base_action")
        action["context"] = {"search_default_portfolio_id": self.id}
        return action
