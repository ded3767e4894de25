from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import PortfolioCase


@tagged("post_install", "-at_install", "crm_portfolio")
class TestMarkersSegments(PortfolioCase):
    """PO-6 markers (at most 15, emoji and name required) and PO-7 segments."""

    def test_sixteenth_marker_is_refused(self):
        Marker = self.env["crm.portfolio.marker"]
        existing = Marker.search_count([])
        Marker.create([{"name": f"M{i}", "emoji": "⭐"} for i in range(15 - existing)])
        with self.assertRaisesRegex(ValidationError, "at most 15 markers"):
            Marker.create({"name": "One too many", "emoji": "🔥"})
        self.assertEqual(Marker.search_count([]), 15)

    def test_marker_needs_emoji_and_name(self):
        with self.assertRaisesRegex(ValidationError, "Emoji cannot be blank"):
            self.env["crm.portfolio.marker"].create({"name": "No emoji", "emoji": " "})
        with self.assertRaisesRegex(ValidationError, "Name cannot be blank"):
            self.env["crm.portfolio.marker"].create({"name": " ", "emoji": "🔥"})

    def test_marker_rename_and_delete(self):
        marker = self.env["crm.portfolio.marker"].create({"name": "VIP", "emoji": "⭐"})
        self.acme.marker_id = marker
        self.assertEqual(marker.display_name, "⭐ VIP")
        marker.write({"name": "Very important", "emoji": "💎"})
        self.assertEqual(self.acme.marker_emoji, "💎")
        marker.unlink()
        self.assertFalse(self.acme.marker_id)

    def test_segment_filters_exactly_as_its_domain(self):
        segment = self.env["crm.portfolio.segment"].create(
            {"name": "Campinas", "domain": "[('city', '=', 'Campinas')]"}
        )
        found = self.env["res.partner"].search([("segment_id", "=", segment.id)])
        expected = self.env["res.partner"].search([("city", "=", "Campinas"), ("is_company", "=", True)])
        self.assertEqual(found, expected)
        self.assertEqual(found & (self.acme | self.bolt | self.cafe), self.acme | self.cafe)
        self.assertEqual(segment.customer_count, len(expected))
        action = segment.action_open_customers()
        self.assertEqual(action["context"]["search_default_segment_id"], segment.id)

    def test_segment_search_by_name_and_negated(self):
        self.env["crm.portfolio.segment"].create({"name": "Campinas", "domain": "[('city', '=', 'Campinas')]"})
        self.env["crm.portfolio.segment"].create({"name": "Recife", "domain": "[('city', '=', 'Recife')]"})
        ours = self.acme | self.bolt | self.cafe
        Partner = self.env["res.partner"]
        self.assertEqual(Partner.search([("segment_id", "ilike", "campi")]) & ours, self.acme | self.cafe,
                         "a name typed in the search bar")
        self.assertEqual(Partner.search([("segment_id", "ilike", "no such segment")]) & ours, Partner)
        self.assertEqual(Partner.search([("segment_id", "not ilike", "campi")]) & ours, self.bolt)
        segments = self.env["crm.portfolio.segment"].search([("name", "in", ["Campinas", "Recife"])])
        self.assertEqual(Partner.search([("segment_id", "in", segments.ids)]) & ours, ours)
        self.assertEqual(Partner.search([("segment_id", "not in", segments.ids)]) & ours, Partner)
        with self.assertRaisesRegex(UserError, "by segment or by segment name"):
            Partner.search([("segment_id", "=", False)])

    def test_invalid_segment_rule_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "not valid"):
            self.env["crm.portfolio.segment"].create({"name": "Broken", "domain": "[('no_such_field', '=', 1)]"})
