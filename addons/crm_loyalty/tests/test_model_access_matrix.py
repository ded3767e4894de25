"""X-4, X-6: every model of the pack × every profile × create, read, write, unlink, walked from the registry.

A new model fails here until its expected rights are declared below (docs/ARCHITECTURE.md, "Trust model").
Refusals are tried for real on a record, as an RPC client would, and must leave it as it was.
"""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import PACK_ADDONS, LoyaltyCase, profile_users

LEVELS = ("none", "readonly", "analyst", "admin")
OPERATIONS = ("read", "create", "write", "unlink")
NOBODY = "nobody"  # only the pack's own code (superuser mode) does it

CONFIG = {"read": "readonly", "create": "admin", "write": "admin", "unlink": "admin"}
BOOKKEEPING = {"read": "readonly", "create": NOBODY, "write": NOBODY, "unlink": NOBODY}
EXPECTED = {
    # configuration: read by every profile, changed by Administrators
    "crm.action": CONFIG,
    "crm.action.result": CONFIG,
    "crm.action.result.category": CONFIG,
    "crm.action.detail": CONFIG,
    "crm.campaign.action": CONFIG,
    "crm.campaign.flow": CONFIG,
    "crm.account.class": CONFIG,
    "crm.action.expense.type": CONFIG,
    "crm.account.class.rule": CONFIG,
    "crm.qualification.rule": CONFIG,
    "crm.stage.question": CONFIG,
    "crm.journey": CONFIG,
    "crm.journey.stage": CONFIG,
    "crm.journey.milestone": CONFIG,
    "crm.portfolio": CONFIG,
    "crm.portfolio.marker": CONFIG,
    "crm.portfolio.segment": CONFIG,
    # operational work: Analysts
    "crm.action.log": {"read": "readonly", "create": "analyst", "write": "admin", "unlink": "admin"},
    # AF-14: on the logs that are theirs (another salesperson's: Administrators), crm.action.expense._check_log_rights
    "crm.action.expense": {"read": "readonly", "create": "analyst", "write": "analyst", "unlink": "analyst"},
    "crm.lead.answer": {"read": "readonly", "create": "analyst", "write": "analyst", "unlink": "admin"},
    "crm.journey.event": {"read": "readonly", "create": "analyst", "write": "analyst", "unlink": "analyst"},
    # created by the journey moves; Analysts complete them (done date only: crm.retention.field.guard)
    "crm.journey.partner.milestone": {"read": "readonly", "create": NOBODY, "write": "analyst", "unlink": NOBODY},
    # history written by the pack's own steps only
    "crm.journey.stage.history": BOOKKEEPING,
    "crm.portfolio.status.history": BOOKKEEPING,
    "crm.loyalty.category.history": {"read": "readonly", "create": NOBODY, "write": NOBODY, "unlink": "admin"},
    # dialogs
    "crm.action.log.wizard": {"read": "analyst", "create": "analyst", "write": "analyst", "unlink": "analyst"},
    "crm.action.log.wizard.expense": {"read": "analyst", "create": "analyst", "write": "analyst", "unlink": "analyst"},
    "crm.portfolio.cancel.wizard": {"read": "analyst", "create": "analyst", "write": "analyst", "unlink": "analyst"},
    "crm.journey.complete.wizard": {"read": "analyst", "create": "analyst", "write": "analyst", "unlink": "analyst"},
    "crm.portfolio.import": {"read": "admin", "create": "admin", "write": "admin", "unlink": "admin"},
}
# Technical models of the pack's own machinery, reached by its code in superuser mode only.
TECHNICAL = {
    "crm.limit.lock": {"read": NOBODY, "create": NOBODY, "write": NOBODY, "unlink": NOBODY},
    # queued by the pack's code for the user; each user reads their own, Administrators clean up
    "crm.retention.job": {"read": "readonly", "create": NOBODY, "write": NOBODY, "unlink": "admin"},
}


def allowed(expected_level, profile_level):
    return expected_level != NOBODY and LEVELS.index(profile_level) >= LEVELS.index(expected_level)


@tagged("post_install", "-at_install")
class TestModelAccessMatrix(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # profile: (user, level)
        cls.profiles = profile_users(cls.env, "mm")
        # A record of each operational and history model, to try the refusals on.
        journey = cls.env["crm.journey"].create({"name": "MM journey", "stage_ids": [
            Command.create({"name": "MM 1",
                            "milestone_ids": [Command.create({"name": "MM call", "deadline_days": 3})]}),
        ]})
        cls.customer.journey_id = journey
        cls.customer._portfolio_cancel(date(2026, 11, 20), "Moved away")
        log = cls.env["crm.action.log"].with_user(cls.ana).create({
            "partner_id": cls.customer.id, "action_id": cls.action.id, "result_id": cls.result.id,
            "date": date(2026, 11, 20), "user_id": cls.ana.id,
        })
        expense_type = cls.env["crm.action.expense.type"].create({"name": "MM travel"})
        cls.env["crm.action.expense"].create({"log_id": log.id, "type_id": expense_type.id, "actual_amount": 9.0})
        cls.env["crm.loyalty.category.history"].create({
            "partner_id": cls.customer.id, "category_to": "prospect", "date": date(2026, 11, 20), "cause": "first",
        })
        cls.env["crm.journey.event"].create({
            "partner_id": cls.customer.id, "event_type": "note", "name": "MM note", "date": date(2026, 11, 20),
        })

    def pack_models(self):
        return sorted(
            name for name, model in self.env.registry.items()
            if not model._abstract and model._original_module in PACK_ADDONS
        )

    def test_every_pack_model_is_declared(self):
        for name in self.pack_models():
            with self.subTest(model=name):
                self.assertIn(name, {**EXPECTED, **TECHNICAL}, f"{name}: declare its expected rights in EXPECTED")

    def test_matrix(self):
        Access = self.env["ir.model.access"]
        for name in self.pack_models():
            expected = {**EXPECTED, **TECHNICAL}.get(name)
            if not expected:
                continue
            record = self.env[name].sudo().search([], limit=1)
            for profile, (user, level) in self.profiles.items():
                for operation in OPERATIONS:
                    may = allowed(expected[operation], level)
                    with self.subTest(model=name, profile=profile, operation=operation, allowed=may):
                        self.assertEqual(
                            Access.with_user(user).check(name, operation, raise_exception=False), may,
                            f"{profile} {'may' if may else 'may not'} {operation} {name}",
                        )
                        if not may:
                            self.assert_refused(name, record, user, operation)

    def assert_refused(self, name, record, user, operation):
        Model = self.env[name]
        if operation == "create":
            count = Model.sudo().search_count([])
            with self.assertRaises(AccessError):
                Model.with_user(user).create({})
            self.assertEqual(Model.sudo().search_count([]), count)
            return
        if not record:
            return
        before = record.read()[0]
        with self.assertRaises(AccessError):
            if operation == "read":
                record.with_user(user).check_access("read")
            elif operation == "write":
                record.with_user(user).write({})
            else:
                record.with_user(user).unlink()
        record.invalidate_recordset()
        self.assertTrue(record.exists())
        self.assertEqual(record.read()[0], before)
