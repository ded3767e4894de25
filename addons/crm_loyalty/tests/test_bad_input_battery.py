"""X-3/X-7: a table-driven battery of bad inputs over the whole pack (issue 11).

Each case says who (a user profile), what call (create / write / a wizard method / the nightly job) and
the bad values. It must be refused clearly: a UserError (ValidationError included) whose text names the
field or the problem, never a technical error (ValueError, OverflowError, psycopg2 errors, KeyError, ...)
nor an acceptance; and nothing may be written (the call runs in NothingWrittenMixin's savepoint and the
target is compared before and after). A per-area tally (tried / refused clearly / other) is printed and
asserted: "other" must be 0. BATTERY_VERBOSE=1 also prints every refusal's message.
"""

import base64
import io
import logging
import math
import os
import re
import sys
import zipfile
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.crm_portfolio.tests.common import xlsx_bytes

from .common import LoyaltyCase

_logger = logging.getLogger(__name__)
NAN, INF = float("nan"), float("inf")
LONG = "x" * 10_000
# What a technical error looks like when it leaks into a message.
TECHNICAL = re.compile(r"Traceback|psycopg2|ValueError|OverflowError|KeyError|TypeError|IntegrityError|"
                       r"out of range for type|ParseError|lxml|Errno")


@dataclass
class Case:
    area: str
    who: str  # "admin" | "analyst" | "sysadmin" | "root"
    label: str
    op: Callable  # op(env): the bad call
    snap: Callable  # snap(): what must stay unchanged
    pattern: str  # the message must match (names the field or the problem)
    tags: set = field(default_factory=set)


def rewrite_member(data: bytes, member: str, transform: Callable[[str], str]) -> bytes:
    """The .xlsx ``data`` with one zip member rewritten by ``transform`` (text to text)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == member:
                content = transform(content.decode()).encode()
            target.writestr(info.filename, content)
    return buffer.getvalue()


BILLION_LAUGHS = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
<!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c><c r="C1" t="inlineStr"><is><t>Portfolio</t></is></c></row>
<row r="2"><c r="A2"><v>1</v></c><c r="C2" t="inlineStr"><is><t>&lol5;</t></is></c></row>
</sheetData></worksheet>"""

XXE = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row r="1"><c r="A1" t="inlineStr"><is><t>ID</t></is></c><c r="C1" t="inlineStr"><is><t>Portfolio</t></is></c></row>
<row r="2"><c r="A2"><v>1</v></c><c r="C2" t="inlineStr"><is><t>&xxe;</t></is></c></row>
</sheetData></worksheet>"""


@tagged("post_install", "-at_install", "crm_loyalty")
class TestBadInputBattery(LoyaltyCase):
    """Every configuration model, every wizard, the settings and the job parameters, fed bad input."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        sales = "sales_team.group_sale_salesman_all_leads"
        cls.users = {
            "admin": new_test_user(env, "bb_admin", groups=f"{sales},crm_action_flow.group_retention_admin"),
            "analyst": new_test_user(env, "bb_analyst", groups=f"{sales},crm_action_flow.group_retention_analyst"),
            "sysadmin": new_test_user(env, "bb_sysadmin", groups="base.group_system,sales_team.group_sale_manager"),
        }
        todo = env.ref("mail.mail_activity_data_todo")
        cls.bb_action = env["crm.action"].create(
            {"name": "BB Call", "activity_type_id": todo.id, "schedules_followup": True}
        )
        cls.bb_result = env["crm.action.result"].create({"name": "BB Done", "action_id": cls.bb_action.id})
        cls.bb_result_free = env["crm.action.result"].create({"name": "BB Other", "action_id": cls.bb_action.id})
        cls.bb_prompt = env["crm.action.result"].create({
            "name": "BB Call back", "action_id": cls.bb_action.id, "next_action_mode": "prompt",
            "period_type": "days", "period": 1,
        })
        cls.bb_minutes = env["crm.action.result"].create({
            "name": "BB Soon", "action_id": cls.bb_action.id, "period_type": "minutes", "period": 100_000,
        })
        cls.bb_category = env["crm.action.result.category"].create({"name": "BB Category"})
        cls.bb_expense_type = env["crm.action.expense.type"].create({"name": "BB Travel"})
        cls.bb_class = env["crm.account.class"].create({"name": "BB Class"})
        cls.bb_class_rule = env["crm.account.class.rule"].create(
            {"class_id": cls.bb_class.id, "result_id": cls.bb_result.id, "count": 2}
        )
        cls.bb_qualification = env["crm.qualification.rule"].create(
            {"action_id": cls.bb_action.id, "result_id": cls.bb_result.id}
        )
        cls.bb_crm_stage = env["crm.stage"].create({"name": "BB Stage"})
        cls.bb_question = env["crm.stage.question"].create(
            {"name": "How many seats?", "stage_id": cls.bb_crm_stage.id, "answer_type": "number"}
        )
        cls.bb_lead = env["crm.lead"].create({
            "name": "BB deal", "type": "opportunity", "partner_id": cls.customer.id,
            "stage_id": cls.bb_crm_stage.id,
        })
        cls.bb_answer = env["crm.lead.answer"].create({"lead_id": cls.bb_lead.id, "question_id": cls.bb_question.id})
        cls.bb_journey = env["crm.journey"].create({"name": "BB Journey"})
        cls.bb_stage = env["crm.journey.stage"].create({"name": "BB Kick-off", "journey_id": cls.bb_journey.id})
        cls.bb_milestone = env["crm.journey.milestone"].create(
            {"name": "BB Welcome", "stage_id": cls.bb_stage.id, "deadline_days": 3}
        )
        cls.bb_portfolio = env["crm.portfolio"].create({"name": "BB Key", "manager_id": cls.users["admin"].id})
        cls.bb_marker = env["crm.portfolio.marker"].create({"name": "BB Marker", "emoji": "⭐"})
        cls.bb_segment = env["crm.portfolio.segment"].create({"name": "BB Segment", "domain": "[]"})
        cls.customer.sudo().journey_id = cls.bb_journey
        cls.bb_partner_milestone = env["crm.journey.partner.milestone"].search(
            [("partner_id", "=", cls.customer.id), ("milestone_id", "=", cls.bb_milestone.id)]
        )
        cls.bb_event = env["crm.journey.event"].create({
            "name": "BB Event", "partner_id": cls.customer.id, "date": date(2026, 11, 20),
        })
        Partner = env["res.partner"]
        cls.bb_companies = Partner.create([{"name": f"BB Company {i}", "is_company": True} for i in range(3)])
        cls.bb_cancelled = Partner.create({"name": "BB Cancelled", "is_company": True})
        cls.bb_cancelled.with_user(cls.users["analyst"])._portfolio_cancel(date(2026, 11, 1), "Closed down")
        # A Log action dialog at its prompted next-action step (AF-3).
        wizard = env["crm.action.log.wizard"].with_user(cls.users["analyst"]).create({
            "partner_id": cls.customer.id, "action_id": cls.bb_action.id, "result_id": cls.bb_prompt.id,
        })
        wizard.action_log()
        cls.bb_next_wizard = wizard.sudo()

    # ------------------------------------------------------------------ snapshots

    def _count(self, model):
        return lambda: self.env[model].sudo().with_context(active_test=False).search_count([])

    def _values(self, record, names):
        def snap():
            record.invalidate_recordset()
            return record.sudo().with_context(active_test=False).read(names)
        return snap

    def _several(self, *snaps):
        return lambda: tuple(snap() for snap in snaps)

    def _param(self, key):
        return lambda: self.env["ir.config_parameter"].sudo().get_param(key)

    def _loyalty_state(self):
        partners = self.env["res.partner"].sudo().with_context(active_test=False).search([("is_company", "=", True)])
        partners.invalidate_recordset()
        return (
            self._count("crm.loyalty.category.history")(),
            tuple(partners.mapped("retention_category")),
            self._param("crm_loyalty.categorize_cursor")(),
        )

    def _import_state(self):
        companies = self.bb_companies | self.customer
        companies.invalidate_recordset()
        return tuple(companies.sudo().mapped(lambda p: (p.portfolio_id.id, p.success_manager_id.id)))

    # ------------------------------------------------------------------ case builders

    def create_cases(self, area, who, model, base, bads, pattern):
        """One create case per bad value: ``bads`` maps a label to the values merged over ``base``."""
        return [
            Case(area, who, f"{model}.create {label}",
                 lambda env, model=model, vals={**base, **bad}: env[model].create(vals), self._count(model), pattern)
            for label, bad in bads.items()
        ]

    def write_case(self, area, who, record, vals, pattern, label=None):
        return Case(
            area, who, f"{record._name}.write {label or vals!r:.60}",
            lambda env: record.with_env(env).write(vals), self._values(record, list(vals)), pattern,
        )

    @staticmethod
    def name_bads(limit):
        return {
            "blank name": {"name": ""}, "spaces name": {"name": "   "}, "tab/newline name": {"name": "\t \n"},
            f"name of {limit + 1}": {"name": "x" * (limit + 1)}, "name of 10,000": {"name": LONG},
        }

    # ------------------------------------------------------------------ the table

    def cases(self):
        cases = []
        blank_or_long = r"(Name|Question|Subject) cannot be blank|characters long; at most"
        # ---- names of every configuration model (admin) and of events (analyst)
        for area, who, model, base, limit in (
            ("action flow config", "admin", "crm.action", {}, 256),
            ("action flow config", "admin", "crm.action.result", {"action_id": self.bb_action.id}, 256),
            ("action flow config", "admin", "crm.action.result.category", {}, 256),
            ("action flow config", "admin", "crm.account.class", {}, 256),
            ("action flow config", "admin", "crm.action.expense.type", {}, 256),
            ("action flow config", "admin", "crm.stage.question", {"stage_id": self.bb_crm_stage.id}, 256),
            ("journey config", "admin", "crm.journey", {}, 256),
            ("journey config", "admin", "crm.journey.stage", {"journey_id": self.bb_journey.id}, 256),
            ("journey config", "admin", "crm.journey.milestone",
             {"stage_id": self.bb_stage.id, "deadline_days": 2}, 256),
            ("portfolio config", "admin", "crm.portfolio", {"manager_id": self.users["admin"].id}, 128),
            ("portfolio config", "admin", "crm.portfolio.marker", {"emoji": "🔥"}, 256),
            ("portfolio config", "admin", "crm.portfolio.segment", {"domain": "[]"}, 256),
            ("events", "analyst", "crm.journey.event", {"partner_id": self.customer.id}, 256),
        ):
            cases += self.create_cases(area, who, model, base, self.name_bads(limit), blank_or_long)
        cases += [
            self.write_case("action flow config", "admin", self.bb_action, {"name": "   "}, "Name cannot be blank"),
            self.write_case("journey config", "admin", self.bb_journey, {"name": " \t"}, "Name cannot be blank"),
            self.write_case("portfolio config", "admin", self.bb_portfolio, {"name": "x" * 129},
                            "129 characters long; at most 128"),
            self.write_case("portfolio config", "admin", self.bb_marker, {"name": False}, "Name cannot be blank"),
        ]
        cases += [
            self.write_case(area, "admin", record, {fname: "x" * 4001},
                            rf"{label} is 4001 characters long; at most 4000")
            for area, record, fname, label in (
                ("action flow config", self.bb_action, "description", "Description"),
                ("journey config", self.bb_journey, "description", "Description"),
                ("journey config", self.bb_milestone, "rule_domain", "Completes when"),
                ("portfolio config", self.bb_segment, "domain", "Rule"),
            )
        ]
        # ---- result periods per period type (AF-2)
        result_base = {"name": "BB bad period", "action_id": self.bb_action.id}
        period = r"Period must (be between 0 and \d+ when Period Type is|be a (whole|finite) number|be a number)"
        cases += self.create_cases("action flow config", "admin", "crm.action.result", result_base, {
            "3,651 days": {"period_type": "days", "period": 3651},
            "5,000,000 days": {"period_type": "days", "period": 5_000_000},
            "-1 days": {"period_type": "days", "period": -1},
            "2,611 working days": {"period_type": "working_days", "period": 2611},
            "87,601 hours": {"period_type": "hours", "period": 87_601},
            "5,256,001 minutes": {"period_type": "minutes", "period": 5_256_001},
            "2.5 days": {"period_type": "days", "period": 2.5},
            "'abc' days": {"period_type": "days", "period": "abc"},
            "2**31 days": {"period_type": "days", "period": 2**31},
            "NaN days": {"period_type": "days", "period": NAN},
        }, period)
        cases.append(self.write_case("action flow config", "admin", self.bb_minutes, {"period_type": "days"},
                                     "Period must be between 0 and 3650 when Period Type is Days",
                                     label="100,000 minutes become days"))
        # ---- loyalty of a result (LO-1, LO-2)
        cases += [
            self.write_case("loyalty config", "admin", self.bb_result, {"loyalty_days": value},
                            r"Loyalty Days must be between 0 and 3650")
            for value in (3651, 5_000_000, -1, 2**31)
        ] + [
            self.write_case("loyalty config", "admin", self.bb_result, {"loyalty_max_renewals": value},
                            r"Maximum Renewals must be between 0 and 1000")
            for value in (-1, 1001, 2**31)
        ]
        # ---- milestone deadlines (JO-2), class rule counts (AF-8), sequences, colour
        milestone_base = {"name": "BB bad deadline", "stage_id": self.bb_stage.id}
        cases += self.create_cases("journey config", "admin", "crm.journey.milestone", milestone_base, {
            f"deadline {days}": {"deadline_days": days} for days in (0, -3, 3651, 2_000_000)
        }, r"Deadline \(days\) must be between 1 and 3650")
        cases.append(self.write_case("journey config", "admin", self.bb_milestone, {"deadline_days": 3651},
                                     r"Deadline \(days\) must be between 1 and 3650"))
        cases += [
            self.write_case("action flow config", "admin", self.bb_class_rule, {"count": value},
                            r"Number of Results must be between 1 and 1000")
            for value in (0, -1, 1001, 2**31)
        ]
        cases += [
            self.write_case(area, "admin", record, {"sequence": value}, r"Sequence must be between 0 and 1000000")
            for area, record, value in (
                ("action flow config", self.bb_action, 2**31),
                ("action flow config", self.bb_action, -5),
                ("action flow config", self.bb_question, 2**40),
                ("action flow config", self.bb_qualification, -1),
                ("journey config", self.bb_stage, 10**10),
            )
        ]
        cases.append(self.write_case("portfolio config", "admin", self.bb_portfolio, {"color": 99},
                                     r"Color must be between 0 and 11"))
        # ---- marker emoji (PO-6, PO-13)
        cases += [
            self.write_case("portfolio config", "admin", self.bb_marker, {"emoji": value},
                            r"Emoji must be exactly one emoji", label=f"emoji {value[:8]!r}")
            for value in ("🔥" * 40, "VIP", "🔥🔥", "a", ":)")
        ]
        # ---- service cycle answers (AF-9), as the analyst
        cases += [
            self.write_case("service cycle", "analyst", self.bb_answer, {"value_number": value},
                            r"Number must be (a finite number|between)", label=f"number {value}")
            for value in (NAN, INF, -INF, 1e300)
        ]
        cases.append(self.write_case("service cycle", "analyst", self.bb_answer, {"value_text": "x" * 1001},
                                     r"Text is 1001 characters long; at most 1000"))
        # ---- the Log action dialog and the log itself (analyst)
        log_base = {"partner_id": self.customer.id, "action_id": self.bb_action.id, "result_id": self.bb_result.id}
        logs_and_wizards = self._several(self._count("crm.action.log"), self._count("crm.action.log.wizard"))

        def log_case(label, bad, pattern):
            def op(env):
                env["crm.action.log.wizard"].create({**log_base, **bad}).action_log()
            return Case("log action", "analyst", f"wizard {label}", op, logs_and_wizards, pattern)

        date_window = r"Date must be between 1900-01-01 and \d{4}-\d\d-\d\d"
        cases += [
            log_case("date year 1", {"date": "0001-01-01"}, date_window),
            log_case("date 9999", {"date": "9999-12-31"}, date_window),
            log_case("date 1899", {"date": date(1899, 12, 31)}, date_window),
            log_case("date 2999", {"date": date(2999, 1, 1)}, date_window),
            log_case("date garbage", {"date": "someday"}, r"Date is not a valid date"),
            log_case("start NaN", {"start_time": NAN}, r"Start Time must be a finite number"),
            log_case("start inf", {"start_time": INF}, r"Start Time must be a finite number"),
            log_case("end NaN", {"end_time": NAN}, r"End Time must be a finite number"),
            log_case("start 25:00", {"start_time": 25.0}, r"between 00:00 and 23:59"),
            log_case("end before start", {"start_time": 10.0, "end_time": 9.0}, r"end time cannot be before"),
            log_case("detail of 1,001", {"detail": "x" * 1001}, r"Detail is 1001 characters long; at most 1000"),
        ]
        # ---- its expense lines (AF-14): a bad line saves no log and no expense
        logs_and_expenses = self._several(self._count("crm.action.log"), self._count("crm.action.expense"),
                                          self._count("crm.action.log.wizard"))

        def expense_case(label, line, pattern):
            def op(env):
                env["crm.action.log.wizard"].create(
                    {**log_base, "expense_ids": [(0, 0, {"type_id": self.bb_expense_type.id, **line})]}
                ).action_log()
            return Case("log action", "analyst", f"expense {label}", op, logs_and_expenses, pattern)

        amount = r"(Expected|Actual) Amount must be (between 0 and 1000000000|a finite number|a number)"
        cases += [
            expense_case("expected -1", {"expected_amount": -1}, amount),
            expense_case("actual -0.01", {"actual_amount": -0.01}, amount),
            expense_case("actual 10**10", {"actual_amount": 10**10}, amount),
            expense_case("actual NaN", {"actual_amount": NAN}, amount),
            expense_case("expected inf", {"expected_amount": INF}, amount),
            expense_case("actual 'abc'", {"actual_amount": "abc"}, amount),
            expense_case("note of 1,001", {"note": "x" * 1001}, r"Note is 1001 characters long; at most 1000"),
            expense_case("no type", {"type_id": False}, r"Every expense needs an expense type"),
        ]
        for label, bad in (("date year 1", {"date": "0001-01-01"}), ("date 9999", {"date": "9999-01-01"}),
                           ("start NaN", {"start_time": NAN})):
            cases.append(Case(
                "log action", "analyst", f"crm.action.log.create {label}",
                lambda env, bad=bad: env["crm.action.log"].create({**log_base, **bad}),
                self._count("crm.action.log"), r"must be (between|a finite number)",
            ))
        # ---- its prompted next-action step
        next_wizard = self.bb_next_wizard
        activities = self._several(self._count("mail.activity"),
                                   self._values(next_wizard, ["next_datetime", "next_summary", "next_user_id"]))

        def next_case(label, vals, pattern):
            def op(env):
                wizard = next_wizard.with_env(env)
                wizard.write(vals)
                wizard.action_plan_next()
            return Case("log action", "analyst", f"next action {label}", op, activities, pattern)

        cases += [
            next_case("in 9999", {"next_datetime": "9999-01-01 10:00:00"}, r"Date and Time must be between 1900"),
            next_case("in year 1", {"next_datetime": "0001-01-01 10:00:00"}, r"Date and Time must be between 1900"),
            next_case("objective of 10,000", {"next_summary": LONG}, r"Objective is 10000 characters long"),
            next_case("no responsible", {"next_user_id": False}, r"needs an action, a responsible and a date"),
        ]
        # ---- events (JO-7), as the analyst
        event_base = {"name": "BB bad event", "partner_id": self.customer.id}
        cases += self.create_cases("events", "analyst", "crm.journey.event", event_base, {
            "date year 1": {"date": "0001-01-01"},
            "date 9999": {"date": "9999-12-31"},
            "start NaN": {"start_time": NAN},
            "end inf": {"end_time": INF},
        }, r"(Date must be between 1900|must be a finite number)")
        cases += self.create_cases("events", "analyst", "crm.journey.event", event_base, {
            "start 25:00": {"start_time": 25.0, "end_time": 25.5},
            "ends before it starts": {"start_time": 10.0, "end_time": 9.0},
            "description of 4,001": {"description": "x" * 4001},
        }, r"(time of day|must end after it starts|Description is 4001 characters long; at most 4000)")
        cases.append(self.write_case("events", "analyst", self.bb_event, {"date": "2999-01-01"},
                                     r"Date must be between 1900"))
        cases += [
            self.write_case("events", "analyst", self.bb_partner_milestone, {"done_date": value},
                            r"Completed on must be between 1900", label=f"milestone done on {value}")
            for value in ("0001-01-01", "9999-12-31")
        ]
        # ---- the cancel step (PO-9), as the analyst
        company = self.bb_companies[0]
        cancel_state = self._several(
            self._values(company, ["customer_state", "cancel_date", "cancel_reason"]),
            self._count("crm.portfolio.status.history"), self._count("crm.portfolio.cancel.wizard"),
        )

        def cancel_case(label, vals, pattern, partner=company):
            def op(env):
                env["crm.portfolio.cancel.wizard"].create(
                    {"partner_id": partner.id, "date": date(2026, 11, 30), "reason": "Moved away", **vals}
                ).action_confirm()
            return Case("cancel customer", "analyst", f"cancel {label}", op, cancel_state, pattern)

        cases += [
            cancel_case("dated 2999", {"date": "2999-01-01"}, r"Date must be between 1900"),
            cancel_case("dated year 1", {"date": date(1, 1, 1)}, r"Date must be between 1900"),
            cancel_case("blank reason", {"reason": "   "}, r"Reason cannot be blank|reason of the cancellation"),
            cancel_case("reason of 4,001", {"reason": "x" * 4001}, r"Reason is 4001 characters long"),
            cancel_case("already cancelled", {}, r"already cancelled", partner=self.bb_cancelled),
        ]
        cases += self.import_cases()
        cases += self.settings_cases()
        cases += self.job_cases()
        return cases

    def import_cases(self):
        """PO-5 (helper H3 hardens the import): bad rows make the import refuse everything; bad files are
        refused at validation."""
        good = self.bb_companies[0]
        cases = []

        def import_case(label, data, method, pattern, name="portfolios.xlsx"):
            def op(env):
                wizard = env["crm.portfolio.import"].create({"upload_file": base64.b64encode(data),
                                                             "upload_name": name})
                getattr(wizard, method)()
            return Case("import", "admin", f"import {label}", op, self._import_state, pattern)

        row_bads = {
            "ID 12.7": 12.7, "ID TRUE": True, "ID '1_3'": "1_3", "ID Arabic-Indic digits": "١٣",
            "ID '1E999'": "1E999", "ID 'NaN'": "NaN", "ID 'abc'": "abc", "ID -5": -5,
            "unknown ID": 999_999_999,
        }
        for label, bad_id in row_bads.items():
            data = xlsx_bytes([(good.id, good.name, "BB Key"), (bad_id, "?", "BB Key")])
            cases.append(import_case(label, data, "action_import", r"rows? (is|are) invalid"))
        other = self.bb_companies[1]
        for label, rows in {
            "formula cell": [(good.id, good.name, "BB Key"), (other.id, other.name, '=HYPERLINK("http://x","y")')],
            "portfolio of 129": [(good.id, good.name, "BB Key"), (other.id, other.name, "p" * 129)],
            "unknown portfolio": [(good.id, good.name, "BB Key"), (other.id, other.name, "Nowhere")],
            "duplicate company": [(good.id, good.name, "BB Key"), (good.id, good.name, "BB Key")],
        }.items():
            cases.append(import_case(label, xlsx_bytes(rows), "action_import", r"rows? (is|are) invalid"))
        wide = '<dimension ref="A1:XFD1048576"/>'
        valid = xlsx_bytes([(good.id, good.name, "BB Key"), (other.id, other.name, "BB Key")])
        file_problem = r"xlsx|spreadsheet|file|sheet|column|row|merged|limit|too|empty"
        cases += [
            import_case("named .csv", valid, "action_validate", r"\.xlsx", name="portfolios.csv"),
            import_case("empty file", b"", "action_validate", r"[Uu]pload|empty"),
            import_case("garbage bytes", b"PK\x03\x04 not a zip at all" * 10, "action_validate",
                        r"not a valid \.xlsx"),
            import_case("missing columns", xlsx_bytes([(good.id, "x")], header=("Company", "Name")),
                        "action_validate", r"missing|column"),
            import_case("header only", xlsx_bytes([]), "action_validate", r"no row"),
            import_case("billion laughs", rewrite_member(valid, "xl/worksheets/sheet1.xml", lambda _t: BILLION_LAUGHS),
                        "action_validate", r"not a valid \.xlsx|" + file_problem),
            import_case("XXE", rewrite_member(valid, "xl/worksheets/sheet1.xml", lambda _t: XXE),
                        "action_validate", r"not a valid \.xlsx|" + file_problem),
            import_case("merged Portfolio cells",
                        xlsx_bytes([(good.id, good.name, "BB Key"), (other.id, other.name, None)], merge="C2:C3"),
                        "action_validate", r"[Mm]erged"),
            import_case("sheet declared A1:XFD1048576",
                        rewrite_member(valid, "xl/worksheets/sheet1.xml",
                                       lambda t: re.sub(r'<dimension ref="[^"]*"/>', wide, t)),
                        "action_validate", file_problem),
        ]
        return cases

    def settings_cases(self):
        """LO-3, LO-9 settings typed in the form (helper H4 bounds them), as a system administrator."""
        labels = {
            "active_days": "Days for Active", "recently_inactive_days": "Days for Recently Inactive",
            "clear_after_days": r"Clear After \(days\)", "warn_days": "Warn Days Before Release",
            "max_customers": "Maximum Customers per Salesperson", "cooldown_days": r"Reclaim Cooldown \(days\)",
        }
        bads = [("active_days", v) for v in (0, -5, 3651, 5_000_000, 2**31)] + [
            ("recently_inactive_days", -1), ("recently_inactive_days", 3651),
            ("clear_after_days", -1), ("clear_after_days", 3651), ("warn_days", -1), ("warn_days", 3651),
            ("max_customers", -1), ("max_customers", 1_000_001), ("cooldown_days", -1), ("cooldown_days", 3651),
        ]
        cases = []
        for key, value in bads:
            def op(env, key=key, value=value):
                env["res.config.settings"].create({f"crm_loyalty_{key}": value}).execute()
            cases.append(Case("settings", "sysadmin", f"settings {key}={value}", op,
                              self._param(f"crm_loyalty.{key}"), labels[key]))

        def thresholds(env):
            env["res.config.settings"].create(
                {"crm_loyalty_active_days": 100, "crm_loyalty_recently_inactive_days": 50}
            ).execute()
        cases.append(Case("settings", "sysadmin", "settings recently inactive before active", thresholds,
                          self._several(self._param("crm_loyalty.active_days"),
                                        self._param("crm_loyalty.recently_inactive_days")),
                          r"Days for Recently Inactive.*(greater|after)"))
        return cases

    def job_cases(self):
        """Garbage stored in crm_loyalty.* parameters, then the nightly job (helper H4): it refuses to run."""
        raw = [
            ("active_days", "abc"), ("active_days", "-5"), ("active_days", "5000000"), ("active_days", "9.0"),
            ("active_days", "1e3"), ("active_days", "١٣"), ("active_days", "  "),
            ("recently_inactive_days", "50"), ("clear_after_days", "-1"), ("warn_days", "x"),
            ("max_customers", "-1"), ("cooldown_days", "3651"), ("keep_on_category_change", "maybe"),
            ("extend_global", "yes please"), ("ignored_user_ids", "1,abc"), ("ignored_user_ids", "999999999"),
        ]
        cases = []
        for key, value in raw:
            def op(env, key=key, value=value):
                env["ir.config_parameter"].sudo().set_param(f"crm_loyalty.{key}", value)
                env["res.partner"]._action_categorize(today=date(2026, 12, 1), commit=False)
            cases.append(Case("job parameters", "root", f"crm_loyalty.{key}={value!r}", op, self._loyalty_state,
                              rf"crm_loyalty\.{key}"))
        return cases

    # ------------------------------------------------------------------ the run

    def run_case(self, case):
        """``("refused", None)`` or ``("other", why)``: the call inside NothingWrittenMixin's savepoint."""
        user = self.users.get(case.who)
        env = self.env(user=user) if user else self.env
        before = case.snap()
        try:
            with self.assertRaisesRegex(UserError, case.pattern) as caught:
                case.op(env)
                env.flush_all()
        except AssertionError as error:
            return "other", f"accepted or unclear: {error}"
        except Exception as error:
            return "other", f"technical error {type(error).__name__}: {error}"
        message = str(caught.exception)
        if TECHNICAL.search(message):
            return "other", f"technical text in the message: {message}"
        self.env.invalidate_all()
        after = case.snap()
        if after != before:
            return "other", f"something was written: {before!r} -> {after!r}"
        if os.environ.get("BATTERY_VERBOSE"):
            sys.stdout.write(f"  [{case.area}] {case.label}: {message}\n")
        return "refused", None

    def test_bad_input_battery(self):
        cases = self.cases()
        self.assertGreaterEqual(len(cases), 120)
        tally = defaultdict(Counter)
        failures = []
        for case in cases:
            with self.subTest(area=case.area, who=case.who, case=case.label):
                outcome, why = self.run_case(case)
                tally[case.area]["tried"] += 1
                tally[case.area]["refused clearly" if outcome == "refused" else "other"] += 1
                if why:
                    failures.append(f"[{case.area}] {case.label}: {why}")
                    if getattr(self._outcome, "result_supports_subtests", False):
                        self.fail(why)  # a runner that reports subtests (Odoo's) lists each failing case
        lines = [f"{'area':<20} {'tried':>6} {'refused clearly':>16} {'other':>6}"]
        for area, counts in tally.items():
            lines.append(f"{area:<20} {counts['tried']:>6} {counts['refused clearly']:>16} {counts['other']:>6}")
        total = sum(tally.values(), Counter())
        lines.append(f"{'total':<20} {total['tried']:>6} {total['refused clearly']:>16} {total['other']:>6}")
        report = "Bad-input battery (X-3, X-7):\n" + "\n".join(lines)
        if failures:
            report += "\nNot refused clearly:\n" + "\n".join(failures)
        sys.stdout.write(f"\n{report}\n")  # the tally is printed (and logged) on every run
        _logger.info("%s", report)
        self.assertEqual(total["tried"], len(cases))
        self.assertEqual(total["other"], 0, "\n".join(failures))

    def test_names_are_stored_trimmed(self):
        action = self.env["crm.action"].with_user(self.users["admin"]).create({"name": "  Visit  "})
        self.assertEqual(action.name, "Visit")
        self.bb_journey.with_user(self.users["admin"]).write({"name": "\tOnboarding 2 "})
        self.assertEqual(self.bb_journey.name, "Onboarding 2")
        marker = self.env["crm.portfolio.marker"].with_user(self.users["admin"]).create(
            {"name": " Family ", "emoji": " 👨‍👩‍👧‍👦 "}
        )
        self.assertRecordValues(marker, [{"name": "Family", "emoji": "👨‍👩‍👧‍👦"}])

    def test_bounds_themselves_are_accepted(self):
        """The limits are inclusive: the largest allowed values save (a test of the battery's bar)."""
        admin = self.env(user=self.users["admin"])
        result = admin["crm.action.result"].create({
            "name": "x" * 256, "action_id": self.bb_action.id, "period_type": "working_days", "period": 2610,
            "loyalty_days": 3650, "loyalty_max_renewals": 1000,
        })
        self.assertEqual(result.period, 2610)
        result.write({"period": " 7 ", "loyalty_days": 30.0})  # what an integrator may send: plain decimals
        self.assertRecordValues(result, [{"period": 7, "loyalty_days": 30}])
        milestone = admin["crm.journey.milestone"].create(
            {"name": "Far", "stage_id": self.bb_stage.id, "deadline_days": 3650}
        )
        self.assertEqual(milestone.deadline_days, 3650)
        self.bb_answer.with_user(self.users["analyst"]).value_number = 1e12
        self.assertTrue(math.isclose(self.bb_answer.value_number, 1e12))
