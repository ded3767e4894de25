from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.crm_action_flow.models.retention_bounds import NAME_MAX_LENGTH, SEQUENCE_RANGE

from .portfolio_rules import MAX_MARKERS


class CrmPortfolioMarker(models.Model):
    """PO-6: an emoji + name flag on customers; at most 15."""

    _name = "crm.portfolio.marker"
    _inherit = ["crm.retention.bounds.mixin"]
    _description = "Customer Marker"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True, retention_name=NAME_MAX_LENGTH)
    # One emoji: checked whole before the column's 16 characters could cut it.
    emoji = fields.Char(required=True, size=16, retention_name=64, retention_emoji=True)
    sequence = fields.Integer(default=10, retention_range=SEQUENCE_RANGE)

    @api.depends("name", "emoji")
    def _compute_display_name(self):
        for marker in self:
            marker.display_name = f"{marker.emoji or ''} {marker.name or ''}".strip()

    @api.model_create_multi
    def create(self, vals_list):
        markers = super().create(vals_list)
        markers._check_marker_count()
        return markers

    def _check_marker_count(self):
        """At most MAX_MARKERS markers, counted under the markers' limit lock: concurrent creates see each
        other (X-6)."""
        count = self.env["crm.limit.lock"]._count(("crm_portfolio.max_markers",), self.sudo(), [])
        if count > MAX_MARKERS:
            raise ValidationError(self.env._("There can be at most %(max)s markers.", max=MAX_MARKERS))

    @api.constrains("name", "emoji")
    def _check_marker(self):
        for marker in self:
            if not (marker.emoji or "").strip() or not (marker.name or "").strip():
                raise ValidationError(self.env._("A marker needs both a name and an emoji."))
