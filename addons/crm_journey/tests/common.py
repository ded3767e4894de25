from contextlib import contextmanager

from odoo.tests.common import TransactionCase


class JourneyCase(TransactionCase):
    """A three-stage onboarding journey and two customer companies."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC", tracking_disable=True))
        cls.Partner = cls.env["res.partner"]
        cls.Journey = cls.env["crm.journey"]
        cls.journey = cls.Journey.create(
            {
                "name": "Onboarding",
                "day_count": "calendar",
                "stage_ids": [
                    (
                        0,
                        0,
                        {
                            "name": "Kick-off",
                            "sequence": 1,
                            "milestone_ids": [
                                (0, 0, {"name": "Welcome call", "deadline_days": 2, "sequence": 1}),
                                (0, 0, {"name": "Contract signed", "deadline_days": 5, "sequence": 2}),
                                (0, 0, {"name": "Access granted", "deadline_days": 5, "sequence": 3}),
                            ],
                        },
                    ),
                    (
                        0,
                        0,
                        {
                            "name": "Setup",
                            "sequence": 2,
                            "milestone_ids": [
                                (0, 0, {"name": "Data imported", "deadline_days": 10}),
                            ],
                        },
                    ),
                    (0, 0, {"name": "Live", "sequence": 3}),
                ],
            }
        )
        cls.kickoff, cls.setup, cls.live = cls.journey.stage_ids
        cls.customer = cls.Partner.create({"name": "Acme Retail", "is_company": True})
        cls.other = cls.Partner.create({"name": "Borealis Foods", "is_company": True})

    def milestone(self, partner, name):
        return partner.journey_current_milestone_ids.filtered(lambda m: m.name == name)

    @contextmanager
    def assertRefused(self, exception, pattern):
        """The bad input raises ``exception`` matching ``pattern``, and the savepoint is rolled back."""
        with self.assertRaises(exception) as cm:
            yield cm
        self.assertRegex(str(cm.exception), pattern)
