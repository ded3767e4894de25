"""Plain business rules of crm_portfolio: no ORM, unit-tested directly."""

import calendar
import math
import re
from collections.abc import Iterable, Mapping
from datetime import date

MAX_MARKERS = 15
MAX_NAME = 128
# The largest record id (PostgreSQL integer); a longer digit string is never an id.
MAX_ID = 2**31 - 1
# Error codes of check_import_row, each turned into a translated message by the import wizard.
IMPORT_ERRORS = (
    "formula", "too_long", "missing_id", "bad_id", "unknown_company", "archived_company", "duplicate",
    "unknown_portfolio",
)
# Leading characters that make a spreadsheet (or CSV) program read a cell as a formula (OWASP CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_ASCII_DIGITS = re.compile(r"[0-9]{1,10}", re.ASCII)


def formula_like(value: object) -> bool:
    """Whether a text could be read as a formula by a spreadsheet program (to be written as plain text)."""
    return isinstance(value, str) and value.startswith(FORMULA_PREFIXES)


def parse_company_id(value: object) -> int | None:
    """PO-5: a spreadsheet ID cell as a record id, strictly; None when it is not one.

    Accepted: a positive integer, a float that is whole (12.0, as spreadsheets store numbers) or a text of
    ASCII digits. Refused, never coerced: booleans, 12.7, inf, NaN, negative numbers and 0, '1_3', '1E3',
    digits of other scripts (Arabic-Indic), ids beyond ``MAX_ID``.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not math.isfinite(value) or not value.is_integer():
            return None
        number = int(value)
    elif isinstance(value, str) and _ASCII_DIGITS.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return None
    return number if 0 < number <= MAX_ID else None


def cell_text(value: object, limit: int = 40) -> str:
    """A cell value as a short text for a message ('TRUE' for a boolean, cut to ``limit`` characters)."""
    if isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def merge_row_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Row spans (first, last) sorted and merged where they overlap or touch: [(3, 5), (4, 7), (9, 9)] →
    [(3, 7), (9, 9)]."""
    merged: list[tuple[int, int]] = []
    for first, last in sorted(spans):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def format_row_spans(spans: Iterable[tuple[int, int]]) -> str:
    """[(3, 7), (9, 9)] → '3–7, 9'."""
    return ", ".join(str(first) if first == last else f"{first}–{last}" for first, last in spans)


def pick_agent(online_agent_ids: Iterable[int], open_leads: Mapping[int, int]) -> int | None:
    """PO-10: among the online agents, the one with the fewest open leads (lowest id on a tie)."""
    candidates = sorted(online_agent_ids)
    if not candidates:
        return None
    return min(candidates, key=lambda uid: (open_leads.get(uid, 0), uid))


def check_import_row(
    company_id: object, portfolio_cell: object, *, known_companies: Mapping[int, bool],
    portfolios: Mapping[str, int], seen: set,
) -> tuple[str, str | None, dict]:
    """PO-5: classify one spreadsheet row as ("valid"|"blank"|"invalid", error code or None, values).

    ``values`` holds the company id of a valid or blank row, the parameters of the error of an invalid one.

    ``known_companies`` maps company ids to whether they are active; ``portfolios`` maps exact
    portfolio names to ids; ``seen`` collects the company ids met so far (duplicates are invalid).
    The ID is read strictly (``parse_company_id``); ``known_companies`` holds only the companies the user
    may access, so another company's customer is "unknown_company" too.
    The error code is one of ``IMPORT_ERRORS``; the caller turns it into a message in the user's language.
    """
    if isinstance(portfolio_cell, str) and portfolio_cell.startswith("="):
        return "invalid", "formula", {}
    if isinstance(portfolio_cell, str) and len(portfolio_cell) > MAX_NAME:
        return "invalid", "too_long", {"max": MAX_NAME}
    if company_id is None or (isinstance(company_id, str) and not company_id.strip()):
        return "invalid", "missing_id", {}
    cid = parse_company_id(company_id)
    if cid is None:
        return "invalid", "bad_id", {"value": cell_text(company_id)}
    if cid not in known_companies:
        return "invalid", "unknown_company", {"id": cid}
    if not known_companies[cid]:
        return "invalid", "archived_company", {"id": cid}
    if cid in seen:
        return "invalid", "duplicate", {"id": cid}
    seen.add(cid)
    name = "" if portfolio_cell is None else str(portfolio_cell).strip()
    if not name:
        return "blank", None, {"id": cid}
    if name not in portfolios:
        return "invalid", "unknown_portfolio", {"name": name}
    return "valid", None, {"id": cid}


def journey_start(rows: Iterable[tuple[int | None, date]], journey_id: int) -> date | None:
    """PO-11: the date a customer started its current run on journey ``journey_id``.

    ``rows`` are the customer's stage history as (journey id, entry date), newest first: the run is the
    newest rows of that journey, up to the first row of another journey (a customer leaving and coming back
    starts a new run).
    """
    start = None
    for row_journey, date_in in rows:
        if row_journey != journey_id:
            break
        start = date_in
    return start


def add_months(start: date, months: int) -> date:
    """``start`` plus ``months`` calendar months, on the same day or the month's last day (Jan 31 + 1 = Feb 28)."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def contract_dates(contracts: Iterable[tuple[date, int]]) -> tuple[date | None, date | None]:
    """PO-12: (customer since, next renewal) from a customer's won recurring contracts, each
    (date won, months of its plan): customer since is the first contract's date; the next renewal is the end
    of the term of the contract that ends last (a renewal won later pushes it)."""
    contracts = [(won, months) for won, months in contracts if won and months and months > 0]
    if not contracts:
        return None, None
    return min(won for won, _m in contracts), max(add_months(won, months) for won, months in contracts)


def renews_in_days(next_renewal: date | None, today: date) -> int:
    """PO-12: days until the next renewal (negative when it is overdue; 0 without a renewal date)."""
    return (next_renewal - today).days if next_renewal else 0
