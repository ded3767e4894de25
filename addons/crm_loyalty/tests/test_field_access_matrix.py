"""X-6: who may write each field the pack adds to res.partner and crm.lead, walked from the registry.

Every field an addon of the pack adds to those models must be declared in ``_retention_field_access``
(a new field fails here until it is); every declared level is then tried, through the ORM as each profile
would call it over RPC, on create and on write. Each refusal asserts that nothing was written.
"""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.crm_action_flow.models.crm_retention_field_guard import (
    ANALYST,
    FIELD_ACCESS_LEVELS,
    FREE,
    PACK,
    RELATED,
)

from .common import PACK_ADDONS, LoyaltyCase, profile_users

GUARDED_MODELS = ("res.partner", "crm.lead")


def pack_fields(model):
    """The fields the pack adds to ``model`` that a client could write (stored, inverse or related)."""
    return {
        name: field for name, field in model._fields.items()
        if getattr(field, "_module", None) in PACK_ADDONS
        and (field.store or field.inverse or field.related or not field.compute)
    }


@tagged("post_install", "-at_install")
class TestFieldAccessMatrix(LoyaltyCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # profile: (user, may write ANALYST fields); the Analyst of another company is tried on its own
        profiles = profile_users(cls.env, "fm")
        cls.analyst_b = profiles.pop("analyst of another company")[0]
        cls.profiles = {name: (user, level in ("analyst", "admin")) for name, (user, level) in profiles.items()}
        # One record of every comodel a guarded field points to, so that a "changed" value exists.
        journey = cls.env["crm.journey"].create({
            "name": "FM journey", "stage_ids": [Command.create({"name": "FM 1"}), Command.create({"name": "FM 2"})],
        })
        cls.env["crm.portfolio"].create({"name": "FM portfolio", "manager_id": cls.ana.id, "journey_id": journey.id})
        cls.env["crm.portfolio.marker"].create({"name": "FM marker", "emoji": "⭐"})
        cls.env["crm.account.class"].create({"name": "FM class"})
        cls.opportunity = cls.env["crm.lead"].create(
            {"name": "FM deal", "type": "opportunity", "partner_id": cls.customer.id}
        )
        cls.records = {"res.partner": cls.customer, "crm.lead": cls.opportunity}

    def changed_value(self, record, name):
        """A value of field ``name`` different from ``record``'s, in the form an RPC client sends."""
        field = record._fields[name]
        current = record[name]
        if field.type == "many2one":
            other = self.env[field.comodel_name].search([("id", "!=", current.id)], limit=1)
            self.assertTrue(other, f"no other {field.comodel_name} to write into {name}")
            return other.id
        if field.type == "many2many":
            other = self.env[field.comodel_name].search([("id", "not in", current.ids)], limit=1)
            return [Command.set(other.ids)]
        if field.type == "selection":
            values = [key for key, _label in field._description_selection(self.env) if key != current]
            return values[-1]
        if field.type == "date":
            # In the past: a customer-since date may not be in the future (PO-12).
            return date(2025, 1, 15) if current != date(2025, 1, 15) else date(2025, 1, 16)
        if field.type == "boolean":
            return not current
        if field.type in ("integer", "float", "monetary"):
            return (current or 0) + 7
        return f"{current or ''} changed"

    def test_every_pack_field_is_declared(self):
        for model_name in GUARDED_MODELS:
            model = self.env[model_name]
            access = model._retention_field_access()
            for name in pack_fields(model):
                with self.subTest(model=model_name, field=name):
                    self.assertIn(name, access, f"{model_name}.{name} is not declared in _retention_field_access")
                    self.assertIn(access[name], FIELD_ACCESS_LEVELS)
            for name in access:
                self.assertIn(name, model._fields, f"{model_name}._retention_field_access names no field {name}")

    def test_write_matrix(self):
        for model_name, record in self.records.items():
            access = record._retention_field_access()
            for name, level in access.items():
                if level in (FREE, RELATED) or name not in pack_fields(record):
                    continue
                for profile, (user, analyst) in self.profiles.items():
                    allowed = level == ANALYST and analyst
                    with self.subTest(model=model_name, field=name, profile=profile, allowed=allowed):
                        self.assert_write(record, name, user, allowed, level)

    def assert_write(self, record, name, user, allowed, level):
        before = record[name]
        value = self.changed_value(record, name)
        if not allowed:
            expected = "analysts and administrators" if level == ANALYST else "cannot be written directly"
            with self.assertRaisesRegex(AccessError, expected):
                record.with_user(user).write({name: value})
            record.invalidate_recordset()
            self.assertEqual(record[name], before, f"{name} was written by {user.login}")
            return
        with self.env.cr.savepoint(flush=True) as savepoint:
            record.with_user(user).write({name: value})
            record.invalidate_recordset()
            self.assertNotEqual(record[name], before, f"{user.login} could not change {name}")
            savepoint.rollback()
        record.invalidate_recordset()

    def test_create_matrix(self):
        """A pack-set value cannot be given at creation either; defaults and blanks are fine for anyone."""
        Partner = self.env["res.partner"]
        access = Partner._retention_field_access()
        for profile, (user, analyst) in self.profiles.items():
            with self.subTest(profile=profile, values="defaults"):
                partner = Partner.with_user(user).create({"name": f"New {profile}", "is_company": True,
                                                          "customer_state": "active", "portfolio_is_new": False})
                self.assertEqual(partner.customer_state, "active")
            for name, level in access.items():
                if level not in (ANALYST, PACK) or name not in pack_fields(Partner):
                    continue
                if level == ANALYST and analyst:
                    continue
                with self.subTest(profile=profile, field=name):
                    value = self.changed_value(self.customer, name)
                    count = Partner.search_count([])
                    with self.assertRaisesRegex(AccessError, "analysts and administrators|cannot be written directly"):
                        Partner.with_user(user).create({"name": "Sneaky", "is_company": True, name: value})
                    self.assertEqual(Partner.search_count([]), count)

    def test_other_company_analyst(self):
        """An Analyst of another company cannot change the pack's fields of company A's customer."""
        customer_a = self.env["res.partner"].create(
            {"name": "Only in A", "is_company": True, "company_id": self.env.company.id}
        )
        for name, level in customer_a._retention_field_access().items():
            if level != ANALYST or name not in pack_fields(customer_a):
                continue
            with self.subTest(field=name):
                before = customer_a[name]
                with self.assertRaises(AccessError):
                    customer_a.with_user(self.analyst_b).write({name: self.changed_value(customer_a, name)})
                customer_a.invalidate_recordset()
                self.assertEqual(customer_a[name], before)

    def test_pack_paths_still_write(self):
        """The guard refuses clients, not the pack: a grant sets the holder, the cancel step the status."""
        analyst = self.profiles["analyst"][0]
        self.grant(self.ana)
        self.assertEqual(self.customer.loyalty_user_id, self.ana)
        self.assertEqual(self.customer.user_id, self.ana)
        self.customer.with_user(analyst)._portfolio_cancel(date(2026, 11, 20), "Closed the shop")
        self.assertEqual(self.customer.customer_state, "cancelled")
        self.assertTrue(self.customer.with_user(analyst).action_reactivate())
        self.assertEqual(self.customer.customer_state, "active")
        self.assertEqual(self.customer.status_history_ids.mapped("state"), ["active", "cancelled"])

    def test_salesperson_by_hand_is_no_longer_loyalty_set(self):
        """Setting the Salesperson by hand (any partner editor) takes it out of the loyalty's hands."""
        self.grant(self.ana)
        self.assertTrue(self.customer.loyalty_sets_salesperson)
        sales = self.profiles["sales user without retention profile"][0]
        self.customer.with_user(sales).write({"user_id": self.bruno.id})
        self.assertFalse(self.customer.loyalty_sets_salesperson)
        self.assertEqual(self.customer.loyalty_user_id, self.ana)

    def test_readonly_profile_cannot_cancel_or_assign(self):
        readonly = self.profiles["read-only"][0]
        with self.assertRaisesRegex(AccessError, "analysts and administrators"):
            self.customer.with_user(readonly)._portfolio_cancel(date(2026, 11, 20), "No reason")
        with self.assertRaisesRegex(AccessError, "analysts and administrators"):
            self.customer.with_user(readonly).action_assign_to_me()
        self.assertEqual(self.customer.customer_state, "active")
        self.assertFalse(self.customer.agent_ids)
        self.assertFalse(self.customer.status_history_ids)

    def test_assign_returns_a_value(self):
        """Assign to me / Unassign are called over XML-RPC: they return something it can marshal."""
        analyst = self.profiles["analyst"][0]
        self.assertIs(self.customer.with_user(analyst).action_assign_to_me(), True)
        self.assertEqual(self.customer.agent_ids, analyst)
        self.assertIs(self.customer.with_user(analyst).action_unassign(), True)
        self.assertFalse(self.customer.agent_ids)

    def test_journey_context_key_is_no_bypass(self):
        """The journey's internal-write context key, sent by a client, does not skip the checks."""
        readonly = self.profiles["read-only"][0]
        stage = self.env["crm.journey.stage"].search([("name", "=", "FM 1")])
        with self.assertRaisesRegex(AccessError, "analysts and administrators"):
            self.customer.with_user(readonly).with_context(journey_internal_write=True).write(
                {"journey_stage_id": stage.id}
            )
        analyst = self.profiles["analyst"][0]
        with self.assertRaisesRegex(AccessError, "cannot be written directly"):
            self.customer.with_user(analyst).with_context(journey_internal_write=True).write(
                {"journey_stage_date": date(2020, 1, 1)}
            )
        self.assertFalse(self.customer.journey_stage_id)
        self.assertFalse(self.customer.journey_stage_date)


@tagged("post_install", "-at_install")
class TestFieldLevels(LoyaltyCase):
    def test_levels_of_ownership_and_operational_fields(self):
        """The trust model of docs/ARCHITECTURE.md, as declared."""
        access = self.env["res.partner"]._retention_field_access()
        for name in ("loyalty_user_id", "loyalty_start", "loyalty_end", "loyalty_renewals", "loyalty_result_id",
                     "retention_category", "retention_category_date", "last_won_date", "customer_state",
                     "cancel_date", "cancel_reason", "journey_stage_date", "mrr"):
            self.assertEqual(access[name], PACK, name)
        for name in ("portfolio_id", "success_manager_id", "agent_ids", "marker_id", "account_class_id",
                     "journey_id", "journey_stage_id", "portfolio_is_new"):
            self.assertEqual(access[name], ANALYST, name)


@tagged("post_install", "-at_install")
class TestViewsAgree(LoyaltyCase):
    """The forms reflect the guard: a field a profile may not change is not editable in the form."""

    def test_partner_form_fields_follow_their_level(self):
        from lxml import etree

        Partner = self.env["res.partner"]
        access = Partner._retention_field_access()
        arch = etree.fromstring(Partner.get_view(self.env.ref("base.view_partner_form").id, "form")["arch"])
        checked = set()
        for node in arch.iter("field"):
            name = node.get("name")
            level = access.get(name)
            if level not in (ANALYST, PACK) or node.getparent().tag in ("list", "kanban"):
                continue
            field = Partner._fields[name]
            readonly = node.get("readonly", "1" if field.readonly else "0")
            with self.subTest(field=name):
                if level == PACK:
                    self.assertIn(readonly, ("1", "True"), f"{name} is editable in the partner form")
                else:
                    self.assertIn(readonly, ("1", "True", "not retention_can_edit"),
                                  f"{name} is editable in the partner form for profiles the server refuses")
                checked.add(name)
        self.assertTrue({"customer_state", "portfolio_id", "loyalty_user_id", "journey_id"} <= checked, checked)
