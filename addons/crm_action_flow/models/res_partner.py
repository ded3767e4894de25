from odoo import api, fields, models
from odoo.tools import SQL

from .action_flow_rules import first_per_key
from .crm_retention_field_guard import ANALYST, RELATED

READONLY = "crm_action_flow.group_retention_readonly"


class ResPartner(models.Model):
    _name = "res.partner"
    _inherit = ["res.partner", "crm.retention.field.guard"]

    action_log_ids = fields.One2many("crm.action.log", "partner_id", string="Action History")
    action_log_count = fields.Integer(compute="_compute_action_log_count", string="Actions")
    account_class_id = fields.Many2one("crm.account.class", tracking=True, index=True)
    # JO-8 (completed), the Customer 360 header: the customer's latest log and earliest open activity among
    # those the user may read, one query for the whole batch (never one per log or activity).
    last_action_log_id = fields.Many2one(
        "crm.action.log", compute="_compute_last_action_log_id", groups=READONLY,
        help="The customer's latest logged action you may see.",
    )
    last_action_date = fields.Date(compute="_compute_last_action_log_id", groups=READONLY)
    last_action_id = fields.Many2one(
        "crm.action", compute="_compute_last_action_log_id", groups=READONLY,
    )
    last_action_result_id = fields.Many2one(
        "crm.action.result", compute="_compute_last_action_log_id", groups=READONLY,
    )
    customer_next_activity_id = fields.Many2one(
        "mail.activity", compute="_compute_customer_next_activity_id",
        groups=READONLY,
        help="The earliest open activity you may see on the customer, its contacts or its opportunities.",
    )
    customer_next_activity_date = fields.Date(
        compute="_compute_customer_next_activity_id", groups=READONLY,
    )
    customer_next_activity_type_id = fields.Many2one(
        "mail.activity.type", compute="_compute_customer_next_activity_id",
        groups=READONLY,
    )
    customer_next_activity_summary = fields.Char(
        compute="_compute_customer_next_activity_id", groups=READONLY,
    )

    @api.model
    def _retention_field_access(self):
        return {**super()._retention_field_access(), "action_log_ids": RELATED, "account_class_id": ANALYST}

    @api.depends("action_log_ids")
    def _compute_action_log_count(self):
        partners = self.commercial_partner_id
        counts = {
            partner.id: count
            for partner, count in self.env["crm.action.log"]._read_group(
                [("partner_id", "in", partners.ids)], ["partner_id"], ["__count"]
            )
        }
        for partner in self:
            partner.action_log_count = counts.get(partner.commercial_partner_id.id, 0)

    @api.depends("action_log_ids")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_last_action_log_id(self):
        """The latest log of each customer (the logs' own order), within the record rules: one query."""
        customers = self.commercial_partner_id.filtered("id")
        latest = {}
        if customers:
            Log = self.env["crm.action.log"]
            Log.flush_model(["partner_id", "date", "start_time"])
            query = Log._search([("partner_id", "in", customers.ids)])
            partner = SQL.identifier(query.table, "partner_id")
            query.order = SQL("%s, %s", partner, Log._order_to_sql(Log._order, query))
            latest = dict(self.env.execute_query(
                query.select(SQL("DISTINCT ON (%s) %s, %s", partner, partner, SQL.identifier(query.table, "id")))
            ))
        # Readable: found within the record rules. Iterated, so that their fields are read in one query.
        logs = {log.id: log for log in self.env["crm.action.log"].sudo().browse(latest.values())}
        for record in self:
            log = logs.get(latest.get(record.commercial_partner_id.id), self.env["crm.action.log"])
            record.last_action_log_id = log.id
            record.last_action_date = log.date
            record.last_action_id = log.action_id.id
            record.last_action_result_id = log.result_id.id

    @api.depends("activity_ids")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_customer_next_activity_id(self):
        """The earliest open activity of each customer, its contacts and its opportunities (the activities
        the user may read): one query for the candidates, then mail.activity's own access filter."""
        customers = self.commercial_partner_id.filtered("id")
        first = {}
        if customers:
            Activity = self.env["mail.activity"]
            Activity.flush_model(["res_model", "res_id", "date_deadline", "active"])
            self.env["res.partner"].flush_model(["commercial_partner_id"])
            self.env["crm.lead"].flush_model(["partner_id"])
            rows = self.env.execute_query(SQL(
                """SELECT p.commercial_partner_id, a.id, a.date_deadline
                     FROM mail_activity a JOIN res_partner p ON p.id = a.res_id
                    WHERE a.res_model = 'res.partner' AND a.active AND p.commercial_partner_id = ANY(%(ids)s)
                UNION ALL
                   SELECT p.commercial_partner_id, a.id, a.date_deadline
                     FROM mail_activity a JOIN crm_lead l ON l.id = a.res_id JOIN res_partner p ON p.id = l.partner_id
                    WHERE a.res_model = 'crm.lead' AND a.active AND p.commercial_partner_id = ANY(%(ids)s)
                 ORDER BY 1, 3, 2""",
                ids=customers.ids,
            ))
            if rows:
                allowed = set(Activity.search([("id", "in", [row[1] for row in rows])]).ids)
                first = first_per_key(((row[0], row[1]) for row in rows), allowed)
        # Readable: filtered above. Iterated, so that their fields are read in one query.
        activities = {activity.id: activity for activity in self.env["mail.activity"].sudo().browse(first.values())}
        for record in self:
            activity = activities.get(first.get(record.commercial_partner_id.id), self.env["mail.activity"])
            record.customer_next_activity_id = activity.id
            record.customer_next_activity_date = activity.date_deadline
            record.customer_next_activity_type_id = activity.activity_type_id.id
            record.customer_next_activity_summary = activity.summary

    def action_open_log_wizard(self):
        self.ensure_one()
        customer = self.commercial_partner_id
        context = {"default_partner_id": customer.id}
        if self != customer:  # else the dialog proposes the customer's main contact (AF-12)
            context["default_contact_id"] = self.id
        return self.env["crm.action.log.wizard"]._open_wizard(context)

    def action_view_action_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("crm_action_flow.crm_action_log_action")
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"create": False}
        return action
