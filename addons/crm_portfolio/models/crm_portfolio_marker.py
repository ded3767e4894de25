from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .portfolio_rules import MAX_MARKERS


class CrmPortfolioMarker(models.Model):
    """PO-6: an emoji + name flag on customers; at most 15."""

    _name = "crm.portfolio.marker"
    _description = "Customer Marker"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    emoji = fields.Char(required=True, size=16)
    sequence = fields.Integer(default=10)

    @api.depends("name", "emoji")
    def _compute_display_name(self):
        for marker in self:
            marker.display_name = f"{marker.emoji or ''} {marker.name or ''}".strip()

    @api.constrains("name", "emoji")
    def _check_marker(self):
        if self.search_count([]) > MAX_MARKERS:
            raise ValidationError(self.env._("There can be at most %(max)s markers.", max=MAX_MARKERS))
        for marker in self:
            if not (marker.emoji or "").strip() or not (marker.name or "").strip():
                raise ValidationError(self.env._("A marker needs both a name and an emoji."))
