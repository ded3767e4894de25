from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.crm_action_flow.models.crm_retention_field_guard import ANALYST, FREE, PACK, RELATED
from odoo.addons.crm_action_flow.models.retention_bulk_tracking import log_many2one_tracking

from . import portfolio_rules

# Operators of the segment search; the negative ones give the customers outside the segments.
SEGMENT_OPERATORS = ("=", "in", "ilike", "!=", "not in", "not ilike")
# Customers written per set of statements by the bulk assignment of an import (memory flat in the file's size).
BULK_CHUNK = 10_000


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.retention.bounds.mixin"]

    portfolio_id = fields.Many2one("crm.portfolio", index=True, tracking=True, copy=False)
    success_manager_id = fields.Many2one(
        "res.users", compute="_compute_success_manager_id", store=True, readonly=False,
        index=True, help="Comes from the portfolio; choosing a manager proposes the manager's default portfolio.",
    )
    portfolio_is_new = fields.Boolean(string="New", copy=False, help="Moved to this portfolio and not yet worked.")
    agent_ids = fields.Many2many(
        "res.users", "crm_portfolio_partner_agent_rel", "partner_id", "user_id", string="Agents", copy=False,
        domain=[("share", "=", False)],
    )
    # "Customer Marker": Odoo's own Tags (category_id) read "Marcadores" in pt_BR beside it.
    marker_id = fields.Many2one("crm.portfolio.marker", string="Customer Marker", index=True, ondelete="set null")
    marker_emoji = fields.Char(related="marker_id.emoji", string="Marker Emoji")
    customer_state = fields.Selection(
        [("active", "Active"), ("cancelled", "Cancelled")], string="Customer Status", default="active",
        tracking=True, index=True, copy=False,
    )
    cancel_date = fields.Date(copy=False, tracking=True)
    cancel_reason = fields.Text(copy=False)
    status_history_ids = fields.One2many("crm.portfolio.status.history", "partner_id")
    legal_name = fields.Char(
        help="The company's registered name (razão social), when it differs from the name it trades under.",
    )
    mrr = fields.Monetary(
        string="MRR", compute="_compute_mrr", store=True, currency_field="mrr_currency_id",
        help="Monthly recurring revenue of the customer's won opportunities.",
    )
    mrr_currency_id = fields.Many2one("res.currency", compute="_compute_mrr_currency_id")
    segment_id = fields.Many2one(
        "crm.portfolio.segment", compute="_compute_segment_id", search="_search_segment_id",
    )
    is_assigned_to_me = fields.Boolean(compute="_compute_is_assigned_to_me")
    journey_days = fields.Integer(
        string="Days in journey", compute="_compute_journey_days",
        help="Days since the customer started its current journey.",
    )
    # PO-12: from the won recurring opportunities that carry a plan, else typed.
    customer_since = fields.Date(
        compute="_compute_contract_dates", store=True, readonly=False, copy=False, index=True,
        retention_date=True,
        help="Date of the customer's first won recurring contract; typed when its opportunities carry no plan.",
    )
    next_renewal_date = fields.Date(
        string="Next renewal", compute="_compute_contract_dates", store=True, readonly=False, copy=False,
        index=True, retention_date=True,
        help="End of the term of the customer's won recurring contract that ends last (its recurring plan's "
        "months after it was won); typed when its opportunities carry no plan.",
    )
    renews_in_days = fields.Integer(
        string="Renews in (days)", compute="_compute_renews_in_days",
        help="Days until the next renewal; negative when it is overdue.",
    )

    @api.model
    def _retention_field_access(self):
        # Portfolio work is operational (Analyst); the customer status changes only through the cancel and
        # reactivate steps (PO-9); MRR is computed from the won opportunities.
        return {
            **super()._retention_field_access(),
            "portfolio_id": ANALYST,
            "success_manager_id": ANALYST,
            "portfolio_is_new": ANALYST,
            "agent_ids": ANALYST,
            "marker_id": ANALYST,
            "marker_emoji": RELATED,
            "customer_state": PACK,
            "cancel_date": PACK,
            "cancel_reason": PACK,
            "status_history_ids": RELATED,
            "legal_name": FREE,
            "mrr": PACK,
            "customer_since": ANALYST,
            "next_renewal_date": ANALYST,
        }

    @api.depends("portfolio_id.manager_id")
    def _compute_success_manager_id(self):
        for partner in self:
            if partner.portfolio_id:
                partner.success_manager_id = partner.portfolio_id.manager_id

    @api.onchange("success_manager_id")
    def _onchange_success_manager_id(self):
        """PO-2: choosing a manager proposes that manager's default portfolio (blank: none)."""
        if not self.success_manager_id:
            self.portfolio_id = False
        elif self.portfolio_id.manager_id != self.success_manager_id:
            self.portfolio_id = self.env["crm.portfolio"].search(
                [("manager_id", "=", self.success_manager_id.id), ("is_default", "=", True)], limit=1
            )

    @api.depends("opportunity_ids.recurring_revenue_monthly", "opportunity_ids.probability",
                 "opportunity_ids.active", "child_ids.opportunity_ids.recurring_revenue_monthly")
    def _compute_mrr(self):
        companies = self.filtered("id")
        totals = {}
        if companies:
            for partner, total in self.env["crm.lead"]._read_group(
                [("partner_id", "child_of", companies.ids), ("probability", "=", 100), ("type", "=", "opportunity")],
                ["partner_id"], ["recurring_revenue_monthly:sum"],
            ):
                key = partner.commercial_partner_id.id
                totals[key] = totals.get(key, 0.0) + total
        for partner in self:
            partner.mrr = totals.get(partner.id, 0.0) if partner.is_company or not partner.parent_id else 0.0

    @api.depends("opportunity_ids.date_closed", "opportunity_ids.probability", "opportunity_ids.active",
                 "opportunity_ids.recurring_plan.number_of_months", "child_ids.opportunity_ids.date_closed",
                 "child_ids.opportunity_ids.recurring_plan")
    def _compute_contract_dates(self):
        """PO-12: customer since and next renewal from the won opportunities with a recurring plan (one
        grouped read); a customer without such an opportunity keeps its typed dates."""
        companies = self.filtered("id")
        contracts = {}
        if companies:
            leads = self.env["crm.lead"].sudo().search_read(
                [("partner_id", "child_of", companies.ids), ("probability", "=", 100), ("type", "=", "opportunity"),
                 ("recurring_plan.number_of_months", ">", 0), ("date_closed", "!=", False)],
                ["partner_id", "date_closed", "recurring_plan"],
            )
            plans = self.env["crm.recurring.plan"].sudo().browse({lead["recurring_plan"][0] for lead in leads})
            months = {plan.id: plan.number_of_months for plan in plans}
            commercial = {p.id: p.commercial_partner_id.id
                          for p in self.browse({lead["partner_id"][0] for lead in leads})}
            for lead in leads:
                contracts.setdefault(commercial[lead["partner_id"][0]], []).append(
                    (lead["date_closed"].date(), months[lead["recurring_plan"][0]])
                )
        for partner in self:
            since, renewal = portfolio_rules.contract_dates(contracts.get(partner.id, ()))
            if since:
                partner.customer_since = since
                partner.next_renewal_date = renewal
            else:
                # Typed by hand (or nothing yet): kept.
                partner.customer_since = partner.customer_since
                partner.next_renewal_date = partner.next_renewal_date

    @api.depends("next_renewal_date")
    @api.depends_context("tz")
    def _compute_renews_in_days(self):
        today = fields.Date.context_today(self)
        for partner in self:
            partner.renews_in_days = portfolio_rules.renews_in_days(partner.next_renewal_date, today)

    @api.constrains("customer_since")
    def _check_customer_since(self):
        today = fields.Date.context_today(self)
        for partner in self:
            if partner.customer_since and partner.customer_since > today:
                raise ValidationError(self.env._(
                    "%(customer)s: the customer since date (%(date)s) cannot be in the future.",
                    customer=partner.display_name, date=partner.customer_since,
                ))

    @api.depends("journey_id", "journey_stage_date")
    @api.depends_context("tz")
    def _compute_journey_days(self):
        """PO-11: days since the start of the current run on the journey, from the stage history (one query
        for the whole batch)."""
        partners = self.filtered(lambda p: p.id and p.journey_id)
        rows = {}
        if partners:
            self.env["crm.journey.stage.history"].flush_model(["partner_id", "stage_id", "date_in"])
            self.env["crm.journey.stage"].flush_model(["journey_id"])
            self.env.cr.execute(SQL(
                """SELECT h.partner_id, s.journey_id, h.date_in
                     FROM crm_journey_stage_history h JOIN crm_journey_stage s ON s.id = h.stage_id
                    WHERE h.partner_id = ANY(%s)
                 ORDER BY h.partner_id, h.date_in DESC, h.id DESC""",
                partners.ids,
            ))
            for partner_id, journey_id, date_in in self.env.cr.fetchall():
                rows.setdefault(partner_id, []).append((journey_id, date_in))
        today = self._journey_today()
        for partner in self:
            start = portfolio_rules.journey_start(rows.get(partner.id, ()), partner.journey_id.id) \
                if partner.journey_id else None
            partner.journey_days = (today - start).days if start else 0

    def _compute_mrr_currency_id(self):
        for partner in self:
            partner.mrr_currency_id = (partner.company_id or self.env.company).currency_id

    def _compute_segment_id(self):
        self.segment_id = False

    def _search_segment_id(self, operator, value):
        """PO-7: the customers matching any of the given segments' rules (or none of them, for a negative
        operator). Segments are given by id (picked in the search bar) or by name (typed in it)."""
        if operator not in SEGMENT_OPERATORS or value in (False, None, "", [], ()):
            raise UserError(self.env._("Segments can only be searched by segment or by segment name."))
        Segment = self.env["crm.portfolio.segment"]
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        if operator in ("ilike", "not ilike") or any(isinstance(v, str) for v in values):
            segments = Segment.search(expression.OR([[("name", "ilike", str(v))] for v in values]))
        else:
            segments = Segment.browse(values).exists()
        domain = expression.OR([segment._get_domain() for segment in segments]) if segments else expression.FALSE_DOMAIN
        if operator in ("!=", "not in", "not ilike"):
            return ["!", *expression.normalize_domain(domain)]
        return domain

    @api.model
    def _read_group_journey_stage_ids(self, stages, domain):
        """PO-11: the board shows the journey of the portfolio chosen in its portfolio selector (the search
        panel's ``portfolio_id = X``), one journey at a time; otherwise the journey given by the context."""
        portfolio_ids = {
            leaf[2] for leaf in domain or []
            if isinstance(leaf, (list, tuple)) and len(leaf) == 3 and leaf[0] == "portfolio_id" and leaf[1] == "="
            and isinstance(leaf[2], int) and not isinstance(leaf[2], bool)
        }
        if len(portfolio_ids) == 1:
            journey = self.env["crm.portfolio"].browse(portfolio_ids).exists().journey_id
            return stages.search([("journey_id", "=", journey.id)]) if journey else stages.browse()
        return super()._read_group_journey_stage_ids(stages, domain)

    def _compute_is_assigned_to_me(self):
        for partner in self:
            partner.is_assigned_to_me = self.env.user in partner.agent_ids

    def write(self, vals):
        if "portfolio_id" in vals:
            portfolio = self.env["crm.portfolio"].browse(vals["portfolio_id"])
            moving = self.filtered(lambda p: p.portfolio_id.id != vals["portfolio_id"])
            res = super().write(vals)
            if moving and self.env.context.get("crm_portfolio_keep_journey"):
                # Loading an existing situation (demo, migration): keep where the customers are.
                moving.write({"success_manager_id": portfolio.manager_id.id})
            elif moving:
                # PO-2: a customer changing portfolio walks the new journey from its first stage, marked New.
                moving.with_context(crm_portfolio_keep_new=True).write({
                    "journey_id": portfolio.journey_id.id,
                    "portfolio_is_new": bool(portfolio),
                    "success_manager_id": portfolio.manager_id.id,
                })
                first_stage = portfolio.journey_id.stage_ids.sorted("sequence")[:1]
                restart = moving.filtered(lambda p: first_stage and p.journey_stage_id != first_stage)
                if restart:
                    # Already on that journey elsewhere: the new portfolio starts it again from the top.
                    restart.with_context(crm_portfolio_keep_new=True)._journey_move_to_stage(first_stage)
            return res
        if ("journey_stage_id" in vals and "portfolio_is_new" not in vals
                and not self.env.context.get("crm_portfolio_keep_new")):
            vals = dict(vals, portfolio_is_new=False)
        return super().write(vals)

    @api.model
    def _portfolio_assign_bulk(self, assignments):
        """PO-2 for many customers at once (the import, #12): ``{company id: portfolio id or None}``.

        The effects of writing ``portfolio_id`` customer by customer (manager from the portfolio, New flag,
        the new portfolio's journey from its first stage, a blank portfolio clearing manager and journey,
        tracking in the chatter) in a few set-based statements per ``BULK_CHUNK`` customers (memory stays
        flat whatever the number), each customer's row written once. The caller has checked the rights (the
        import is for Administrators). Returns the number of customers that changed portfolio.
        """
        self._retention_check_level(ANALYST, ["portfolio_id"])
        ids = list(assignments)
        moved = 0
        for start in range(0, len(ids), BULK_CHUNK):
            chunk = ids[start:start + BULK_CHUNK]
            moved += self._portfolio_assign_chunk({pid: assignments[pid] for pid in chunk})
        return moved

    def _portfolio_assign_chunk(self, assignments):
        """``_portfolio_assign_bulk`` for one chunk of customers."""
        if not assignments:
            return 0
        self.env.flush_all()
        cr = self.env.cr
        cr.execute(
            "SELECT id, portfolio_id, journey_id, journey_stage_id FROM res_partner WHERE id = ANY(%s)",
            [list(assignments)],
        )
        before = {pid: (portfolio, journey, stage) for pid, portfolio, journey, stage in cr.fetchall()}
        moving = {pid: assignments[pid] or None for pid, (portfolio, _j, _s) in before.items()
                  if (assignments[pid] or None) != portfolio}
        if not moving:
            return 0
        portfolios = self.env["crm.portfolio"].sudo().browse({p for p in moving.values() if p})
        by_portfolio = {}
        for pid, portfolio in moving.items():
            by_portfolio.setdefault(portfolio, []).append(pid)
        for portfolio_id, ids in by_portfolio.items():
            portfolio = portfolios.browse(portfolio_id) if portfolio_id else portfolios.browse()
            journey = portfolio.journey_id
            first_stage = journey.stage_ids.sorted("sequence")[:1]
            values = {"portfolio_id": portfolio.id or None, "success_manager_id": portfolio.manager_id.id or None,
                      "portfolio_is_new": bool(portfolio), "journey_id": journey.id or None}
            # Walk the new journey from its first stage (kept by those already there); no journey: none.
            restart = [pid for pid in ids if (before[pid][2] or False) != (first_stage.id or False)]
            self.browse(restart)._journey_bulk_move(first_stage, values=values)
            stay = sorted(set(ids) - set(restart))
            if stay:
                self.browse(stay)._journey_update_columns(values)
        self.invalidate_model()
        cr.execute("SELECT id, journey_id, journey_stage_id FROM res_partner WHERE id = ANY(%s)", [list(moving)])
        changes = {}
        for pid, journey, stage in cr.fetchall():
            old_portfolio, old_journey, old_stage = before[pid]
            fields_changed = {"portfolio_id": (old_portfolio or False, moving[pid] or False)}
            if (old_journey or None) != journey:
                fields_changed["journey_id"] = (old_journey or False, journey or False)
            if (old_stage or None) != stage:
                fields_changed["journey_stage_id"] = (old_stage or False, stage or False)
            changes[pid] = fields_changed
        log_many2one_tracking(self.env, "res.partner", changes)
        return len(moving)

    @api.model_create_multi
    def create(self, vals_list):
        partners = super().create(vals_list)
        for partner, vals in zip(partners, vals_list, strict=True):
            if vals.get("portfolio_id") and not vals.get("journey_id") and partner.portfolio_id.journey_id:
                partner.with_context(crm_portfolio_keep_new=True).write(
                    {"journey_id": partner.portfolio_id.journey_id.id, "portfolio_is_new": True}
                )
        return partners

    # ------------------------------------------------------------------ buttons

    def action_assign_to_me(self):
        """PO-3: the current user becomes one of the customer's agents (Analyst profile)."""
        self.write({"agent_ids": [(4, self.env.user.id)]})
        return True

    def action_unassign(self):
        """PO-3: the current user stops being one of the customer's agents (Analyst profile)."""
        self.write({"agent_ids": [(3, self.env.user.id)]})
        return True

    def action_open_cancel_wizard(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Cancel customer"),
            "res_model": "crm.portfolio.cancel.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_id": self.id},
        }

    def _portfolio_cancel(self, date, reason):
        """PO-9: cancel these customers (separate from archiving), keeping the history.

        The only way to cancel (Analyst profile): the status, its date and reason are written by this step.
        """
        self._retention_check_level(ANALYST, ["customer_state"])
        self.check_access("write")
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason of the cancellation."))
        already = self.filtered(lambda p: p.customer_state == "cancelled")
        if already:
            raise UserError(self.env._("%(names)s is already cancelled.", names=", ".join(already.mapped("name"))))
        self.sudo().write({"customer_state": "cancelled", "cancel_date": date, "cancel_reason": reason.strip()})
        self.env["crm.portfolio.status.history"].sudo().create([
            {"partner_id": p.id, "state": "cancelled", "date": date, "reason": reason} for p in self
        ])

    def action_reactivate(self):
        """PO-9: reactivate cancelled customers (Analyst profile); the cancellation stays in the history."""
        self._retention_check_level(ANALYST, ["customer_state"])
        self.check_access("write")
        cancelled = self.filtered(lambda p: p.customer_state == "cancelled")
        today = fields.Date.context_today(self)
        cancelled.sudo().write({"customer_state": "active", "cancel_date": False, "cancel_reason": False})
        self.env["crm.portfolio.status.history"].sudo().create([
            {"partner_id": p.id, "state": "active", "date": today} for p in cancelled
        ])
        return True
