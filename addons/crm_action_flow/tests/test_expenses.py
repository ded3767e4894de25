import math

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ActionFlowCase, other_company_user


class ExpenseCase(ActionFlowCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ExpenseType = cls.env["crm.action.expense.type"]
        cls.type_travel = ExpenseType.create({"name": "Travel"})
        cls.type_meals = ExpenseType.create({"name": "Meals"})
        cls.campaign = cls.env["utm.campaign"].create({"name": "AF Black Friday"})
        cls.customer_2 = cls.env["res.partner"].create({"name": "Mercado Sol", "is_company": True})
        all_leads = "sales_team.group_sale_salesman_all_leads"
        cls.user_none = new_test_user(cls.env, "af_none", groups=all_leads)
        cls.admin_all = new_test_user(
            cls.env, "af_admin_all", groups=f"{all_leads},crm_action_flow.group_retention_admin")
        cls.readonly_all = new_test_user(
            cls.env, "af_readonly_all", groups=f"{all_leads},crm_action_flow.group_retention_readonly")
        cls.currency = cls.env.company.currency_id

    def lines(self, *rows):
        """Dialog lines from (type, expected, actual, note) rows."""
        return [Command.create({"type_id": expense_type.id, "expected_amount": expected,
                                "actual_amount": actual, "note": note})
                for expense_type, expected, actual, note in rows]

    def expenses(self, **domain):
        return self.env["crm.action.expense"].search([(key, "=", value) for key, value in domain.items()])

    def logs_of(self, customer):
        return self.env["crm.action.log"].search([("partner_id", "=", customer.id)])


@tagged("post_install", "-at_install", "crm_action_flow")
class TestExpensesInTheDialog(ExpenseCase):
    """AF-14: the Log action dialog saves the action's expenses with the log, all or nothing."""

    def test_the_log_carries_its_expenses(self):
        log, _wizard, _action = self.log(campaign_id=self.campaign.id, expense_ids=self.lines(
            (self.type_travel, 80.0, 95.5, "Taxi"), (self.type_meals, 60.0, 48.0, False),
        ))
        self.assertRecordValues(log.expense_ids.sorted("id"), [
            {"type_id": self.type_travel.id, "expected_amount": 80.0, "actual_amount": 95.5, "note": "Taxi",
             "currency_id": self.currency.id, "partner_id": self.customer.id, "campaign_id": self.campaign.id,
             "user_id": self.user_analyst.id, "date": log.date, "company_id": log.company_id.id},
            {"type_id": self.type_meals.id, "expected_amount": 60.0, "actual_amount": 48.0, "note": False,
             "currency_id": self.currency.id, "partner_id": self.customer.id, "campaign_id": self.campaign.id,
             "user_id": self.user_analyst.id, "date": log.date, "company_id": log.company_id.id},
        ])

    def test_a_log_without_expenses_is_fine(self):
        log, _wizard, _action = self.log()
        self.assertTrue(log)
        self.assertFalse(log.expense_ids)

    def test_a_negative_amount_saves_nothing(self):
        for field in ("expected_amount", "actual_amount"):
            with self.subTest(field=field), self.assertRaisesRegex(ValidationError, "must be between 0 and"):
                self.log(expense_ids=[Command.create({"type_id": self.type_travel.id, field: -10.0})])
        self.assertFalse(self.logs_of(self.customer))

    def test_a_non_finite_amount_saves_nothing(self):
        for value in (math.nan, math.inf, -math.inf):
            with self.subTest(value=value), self.assertRaisesRegex(ValidationError, "must be a finite number"):
                self.log(expense_ids=[Command.create({"type_id": self.type_travel.id, "actual_amount": value})])
        self.assertFalse(self.logs_of(self.customer))

    def test_a_text_amount_saves_nothing(self):
        with self.assertRaisesRegex(ValidationError, "Actual Amount must be a number"):
            self.log(expense_ids=[Command.create({"type_id": self.type_travel.id, "actual_amount": "abc"})])
        self.assertFalse(self.logs_of(self.customer))

    def test_a_huge_amount_or_a_long_note_saves_nothing(self):
        with self.assertRaisesRegex(ValidationError, "must be between 0 and 1000000000"):
            self.log(expense_ids=self.lines((self.type_travel, 0, 10**10, False)))
        with self.assertRaisesRegex(ValidationError, "at most 1000 characters"):
            self.log(expense_ids=self.lines((self.type_travel, 1, 1, "x" * 1001)))
        self.assertFalse(self.logs_of(self.customer))

    def test_a_line_without_type_leaves_no_log(self):
        with self.assertRaisesRegex(UserError, "Every expense needs an expense type"):
            self.log(expense_ids=self.lines((self.type_travel, 10, 10, "ok")) + [
                Command.create({"expected_amount": 5.0})
            ])
        self.assertFalse(self.logs_of(self.customer))
        self.assertFalse(self.expenses(partner_id=self.customer.id))
        self.assertFalse(self.customer.message_ids.filtered(lambda m: "No answer" in (m.body or "")))


@tagged("post_install", "-at_install", "crm_action_flow")
class TestExpenseTotals(ExpenseCase):
    """AF-14: expenses are totalled by customer, campaign and salesperson (the list's and pivot's groups)."""

    def test_totals_by_customer_campaign_and_salesperson(self):
        self.log(campaign_id=self.campaign.id, expense_ids=self.lines(
            (self.type_travel, 80.0, 95.5, False), (self.type_meals, 60.0, 48.0, False)))
        self.log(partner_id=self.customer_2.id, expense_ids=self.lines((self.type_travel, 20.0, 25.0, False)))
        self.log(user=self.user_own, partner_id=self.customer_2.id, campaign_id=self.campaign.id,
                 expense_ids=self.lines((self.type_meals, 10.0, 12.0, False)))
        Expense = self.env["crm.action.expense"]
        domain = [("type_id", "in", (self.type_travel | self.type_meals).ids)]

        def totals(group):
            return {key: (expected, actual) for key, expected, actual in Expense._read_group(
                domain, [group], ["expected_amount:sum", "actual_amount:sum"])}

        self.assertEqual(totals("partner_id"), {self.customer: (140.0, 143.5), self.customer_2: (30.0, 37.0)})
        self.assertEqual(totals("campaign_id"), {self.campaign: (150.0, 155.5), Expense.campaign_id: (20.0, 25.0)})
        self.assertEqual(totals("user_id"), {self.user_analyst: (160.0, 168.5), self.user_own: (10.0, 12.0)})
        self.assertEqual(totals("type_id"), {self.type_travel: (100.0, 120.5), self.type_meals: (70.0, 60.0)})
        # The web client's read_group (list and pivot totals) gives the same sums.
        groups = Expense.read_group(domain, ["actual_amount:sum"], ["user_id"])
        self.assertEqual({g["user_id"][0]: g["actual_amount"] for g in groups},
                         {self.user_analyst.id: 168.5, self.user_own.id: 12.0})

    def test_expenses_follow_a_change_of_their_log(self):
        log, _wizard, _action = self.log(expense_ids=self.lines((self.type_travel, 1, 2, False)))
        log.write({"campaign_id": self.campaign.id, "user_id": self.user_own.id})
        self.assertRecordValues(log.expense_ids, [{"campaign_id": self.campaign.id, "user_id": self.user_own.id}])


@tagged("post_install", "-at_install", "crm_action_flow")
class TestExpenseBadInput(ExpenseCase):
    """AF-14, X-3: bad expenses sent through the API are refused clearly and write nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.log_a = cls.env["crm.action.log"].with_user(cls.user_analyst).create({
            "partner_id": cls.customer.id, "action_id": cls.action_call.id,
            "result_id": cls.result_call_no_answer.id,
        })
        cls.expense = cls.env["crm.action.expense"].with_user(cls.user_analyst).create({
            "log_id": cls.log_a.id, "type_id": cls.type_travel.id, "expected_amount": 10.0, "actual_amount": 12.0,
        })

    def new_expense(self, **values):
        values = {"log_id": self.log_a.id, "type_id": self.type_travel.id, **values}
        return self.env["crm.action.expense"].with_user(self.user_analyst).create(values)

    def test_currency_defaults_to_the_log_company_currency(self):
        self.assertEqual(self.expense.currency_id, self.log_a.company_id.currency_id)
        usd = self.env.ref("base.USD")
        usd.active = True
        self.assertEqual(self.new_expense(currency_id=usd.id).currency_id, usd)

    def test_bad_amounts_are_refused(self):
        for field in ("expected_amount", "actual_amount"):
            for value, message in ((-0.01, "must be between 0 and"), (math.nan, "finite"), (math.inf, "finite"),
                                   ("abc", "must be a number"), (10**9 + 1, "must be between 0 and 1000000000")):
                with self.subTest(field=field, value=value):
                    with self.assertRaisesRegex(ValidationError, message):
                        self.new_expense(**{field: value})
                    with self.assertRaisesRegex(ValidationError, message):
                        self.expense.with_user(self.user_analyst).write({field: value})
        self.assertEqual(self.expenses(log_id=self.log_a.id), self.expense)
        self.assertRecordValues(self.expense, [{"expected_amount": 10.0, "actual_amount": 12.0}])

    def test_message_names_the_field(self):
        with self.assertRaisesRegex(ValidationError, r"Action Expense: Actual Amount must be between 0 and "
                                                     r"1000000000 \(got -5"):
            self.new_expense(actual_amount=-5)

    def test_missing_type_or_log_is_refused(self):
        with self.assertRaisesRegex(UserError, "Every expense needs an expense type"):
            self.new_expense(type_id=False)
        with self.assertRaisesRegex(UserError, "Every expense needs an expense type"):
            self.expense.with_user(self.user_analyst).write({"type_id": False})
        with self.assertRaisesRegex(UserError, "Every expense belongs to a logged action"):
            self.new_expense(log_id=False)
        with self.assertRaisesRegex(UserError, "Every expense belongs to a logged action"):
            self.expense.with_user(self.user_analyst).write({"log_id": False})
        self.assertEqual(self.expenses(log_id=self.log_a.id), self.expense)

    def test_a_too_long_note_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "Note is 1001 characters long; at most 1000"):
            self.new_expense(note="x" * 1001)
        self.assertTrue(self.new_expense(note="x" * 1000))

    def test_fields_of_the_log_cannot_be_typed(self):
        for field, value in (("partner_id", self.customer_2.id), ("user_id", self.user_own.id),
                             ("campaign_id", self.campaign.id), ("date", "2026-01-01")):
            with self.subTest(field=field):
                with self.assertRaisesRegex(UserError, "takes its customer, campaign, salesperson"):
                    self.new_expense(**{field: value})
                with self.assertRaisesRegex(UserError, "takes its customer, campaign, salesperson"):
                    self.expense.with_user(self.user_analyst).write({field: value})
        self.assertRecordValues(self.expense, [{"partner_id": self.customer.id, "user_id": self.user_analyst.id}])

    def test_deleting_the_log_deletes_its_expenses(self):
        self.log_a.sudo().unlink()
        self.assertFalse(self.expense.exists())

    def test_a_used_type_cannot_be_deleted(self):
        with self.assertRaisesRegex(UserError, "Expense type “Travel” is used by logged expenses: archive it"):
            self.type_travel.with_user(self.user_admin_profile).unlink()
        self.assertTrue(self.type_travel.exists())


@tagged("post_install", "-at_install", "crm_action_flow")
class TestExpenseTypes(ExpenseCase):
    """AF-14, AF-10: expense types are configuration: bounded names, changed by Administrators."""

    def test_name_is_trimmed_and_bounded(self):
        Type = self.env["crm.action.expense.type"].with_user(self.user_admin_profile)
        self.assertEqual(Type.create({"name": "  Tolls  "}).name, "Tolls")
        with self.assertRaisesRegex(ValidationError, "Expense Type: Name cannot be blank"):
            Type.create({"name": "   "})
        with self.assertRaisesRegex(ValidationError, "at most 256 characters"):
            Type.create({"name": "x" * 257})
        with self.assertRaisesRegex(ValidationError, "Sequence must be between"):
            Type.create({"name": "Parking", "sequence": -1})

    def test_only_administrators_configure_types(self):
        for user in (self.user_analyst, self.user_readonly, self.user_none):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["crm.action.expense.type"].with_user(user).create({"name": "Parking"})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.type_travel.with_user(user).write({"name": "Trips"})
        self.assertEqual(self.type_travel.name, "Travel")
        self.assertEqual(self.type_travel.with_user(self.user_readonly).read(["name"])[0]["name"], "Travel")
        with self.assertRaises(AccessError):
            self.type_travel.with_user(self.user_none).read(["name"])
        self.type_meals.with_user(self.user_admin_profile).write({"active": False})
        self.assertNotIn(self.type_meals, self.env["crm.action.expense.type"].search([]))


@tagged("post_install", "-at_install", "crm_action_flow")
class TestExpenseAccess(ExpenseCase):
    """AF-10, X-6: an expense follows its log: the log's salesperson (else an Administrator) changes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Log = cls.env["crm.action.log"]
        values = {"partner_id": cls.customer.id, "action_id": cls.action_call.id,
                  "result_id": cls.result_call_no_answer.id}
        cls.log_analyst = Log.with_user(cls.user_analyst).create(values)
        cls.log_own = Log.with_user(cls.user_own).create(values)
        cls.expense_own = cls.env["crm.action.expense"].with_user(cls.user_own).create(
            {"log_id": cls.log_own.id, "type_id": cls.type_travel.id, "actual_amount": 30.0})

    def Expense(self, user):
        return self.env["crm.action.expense"].with_user(user)

    def test_analyst_adds_changes_and_removes_the_expenses_of_their_own_log(self):
        expense = self.Expense(self.user_analyst).create(
            {"log_id": self.log_analyst.id, "type_id": self.type_meals.id, "expected_amount": 40.0})
        expense.write({"actual_amount": 38.0, "note": "Lunch"})
        self.assertRecordValues(expense, [{"expected_amount": 40.0, "actual_amount": 38.0, "note": "Lunch"}])
        expense.unlink()
        self.assertFalse(expense.exists())

    def test_analyst_cannot_touch_the_expenses_of_another_salesperson_log(self):
        # user_analyst sees every document, so sees user_own's log and expense, and may not change them.
        self.assertEqual(self.expense_own.with_user(self.user_analyst).actual_amount, 30.0)
        message = ("An expense follows its logged action: .* cannot change the expenses of "
                   ".*Only a retention Administrator")
        with self.assertRaisesRegex(AccessError, message):
            self.Expense(self.user_analyst).create({"log_id": self.log_own.id, "type_id": self.type_travel.id})
        with self.assertRaisesRegex(AccessError, message):
            self.expense_own.with_user(self.user_analyst).write({"actual_amount": 1.0})
        with self.assertRaisesRegex(AccessError, message):
            self.expense_own.with_user(self.user_analyst).unlink()
        # Moving one's own expense onto another salesperson's log is the same refusal.
        mine = self.Expense(self.user_analyst).create({"log_id": self.log_analyst.id, "type_id": self.type_travel.id})
        with self.assertRaisesRegex(AccessError, message):
            mine.write({"log_id": self.log_own.id})
        self.assertEqual(self.expenses(log_id=self.log_own.id), self.expense_own)
        self.assertRecordValues(self.expense_own, [{"actual_amount": 30.0}])
        self.assertEqual(mine.log_id, self.log_analyst)

    def test_own_documents_analyst_does_not_see_logs_of_others(self):
        self.assertFalse(self.Expense(self.user_own_other).search([("id", "=", self.expense_own.id)]))
        with self.assertRaises(AccessError):
            self.expense_own.with_user(self.user_own_other).read(["actual_amount"])
        with self.assertRaises(AccessError):
            self.Expense(self.user_own_other).create({"log_id": self.log_own.id, "type_id": self.type_travel.id})
        self.assertEqual(self.expenses(log_id=self.log_own.id), self.expense_own)

    def test_administrator_changes_any_expense(self):
        admin_expense = self.expense_own.with_user(self.admin_all)
        admin_expense.write({"actual_amount": 31.0})
        self.assertEqual(self.expense_own.actual_amount, 31.0)
        added = self.Expense(self.admin_all).create(
            {"log_id": self.log_own.id, "type_id": self.type_meals.id, "actual_amount": 5.0})
        added.unlink()
        admin_expense.unlink()
        self.assertFalse(self.expenses(log_id=self.log_own.id))

    def test_readonly_reads_and_changes_nothing(self):
        self.assertEqual(self.expense_own.with_user(self.readonly_all).read(["actual_amount"])[0]["actual_amount"],
                         30.0)
        with self.assertRaises(AccessError):
            self.Expense(self.readonly_all).create({"log_id": self.log_own.id, "type_id": self.type_travel.id})
        with self.assertRaises(AccessError):
            self.expense_own.with_user(self.readonly_all).write({"actual_amount": 1.0})
        with self.assertRaises(AccessError):
            self.expense_own.with_user(self.readonly_all).unlink()
        self.assertRecordValues(self.expense_own, [{"actual_amount": 30.0}])

    def test_no_access_sees_nothing(self):
        with self.assertRaises(AccessError):
            self.Expense(self.user_none).search([])
        with self.assertRaises(AccessError):
            self.Expense(self.user_none).create({"log_id": self.log_own.id, "type_id": self.type_travel.id})
        self.assertEqual(self.expenses(log_id=self.log_own.id), self.expense_own)

    def test_readonly_cannot_add_expenses_in_the_dialog(self):
        with self.assertRaises(AccessError):
            self.log(user=self.user_readonly, expense_ids=self.lines((self.type_travel, 1, 1, False)))
        self.assertEqual(self.logs_of(self.customer), self.log_analyst | self.log_own)


@tagged("post_install", "-at_install", "crm_action_flow")
class TestExpenseCompanies(ExpenseCase):
    """X-6: the expenses of company A are invisible and unusable from company B."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env.company
        cls.company_b, cls.analyst_b = other_company_user(cls.env, "af_expense_b")
        cls.customer.company_id = cls.company_a
        cls.log_a = cls.env["crm.action.log"].with_user(cls.user_analyst).create({
            "partner_id": cls.customer.id, "action_id": cls.action_call.id,
            "result_id": cls.result_call_no_answer.id,
        })
        cls.expense_a = cls.env["crm.action.expense"].with_user(cls.user_analyst).create(
            {"log_id": cls.log_a.id, "type_id": cls.type_travel.id, "actual_amount": 7.0})
        cls.type_b = cls.env["crm.action.expense.type"].create({"name": "Pedágio", "company_id": cls.company_b.id})

    def test_b_does_not_see_company_a_expenses(self):
        Expense = self.env["crm.action.expense"].with_user(self.analyst_b)
        self.assertFalse(Expense.search([("id", "=", self.expense_a.id)]))
        self.assertFalse(Expense.read_group([], ["actual_amount:sum"], ["partner_id"]))
        with self.assertRaises(AccessError):
            self.expense_a.with_user(self.analyst_b).read(["actual_amount"])

    def test_b_cannot_add_an_expense_to_a_company_a_log(self):
        with self.assertRaises(AccessError):
            self.env["crm.action.expense"].with_user(self.analyst_b).create(
                {"log_id": self.log_a.id, "type_id": self.type_travel.id})
        self.assertEqual(self.expenses(log_id=self.log_a.id), self.expense_a)

    def test_company_b_type_is_hidden_from_a_and_refused_on_a_log(self):
        self.assertNotIn(self.type_b, self.env["crm.action.expense.type"].with_user(self.user_analyst).search([]))
        self.assertIn(self.type_travel, self.env["crm.action.expense.type"].with_user(self.analyst_b).search([]))
        with self.assertRaisesRegex(UserError, "Incompatible companies"):
            self.env["crm.action.expense"].create({"log_id": self.log_a.id, "type_id": self.type_b.id})
        self.assertEqual(self.expenses(log_id=self.log_a.id), self.expense_a)

    def test_b_expense_is_in_b_currency_and_company(self):
        self.company_b.currency_id = self.env.ref("base.EUR").id
        self.env.ref("base.EUR").active = True
        customer_b = self.env["res.partner"].create(
            {"name": "Cliente B", "is_company": True, "company_id": self.company_b.id})
        log_b, _wizard, _action = self.log(user=self.analyst_b, partner_id=customer_b.id,
                                           expense_ids=self.lines((self.type_b, 3, 4, False)))
        self.assertRecordValues(log_b.expense_ids, [
            {"company_id": self.company_b.id, "currency_id": self.env.ref("base.EUR").id}])
