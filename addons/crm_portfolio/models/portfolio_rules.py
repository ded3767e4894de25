"""Plain business rules of crm_portfolio: no ORM, unit-tested directly."""

from collections.abc import Iterable, Mapping

MAX_MARKERS = 15
MAX_NAME = 128
# Error codes of check_import_row, each turned into a translated message by the import wizard.
IMPORT_ERRORS = (
    "formula", "too_long", "bad_id", "unknown_company", "archived_company", "duplicate", "unknown_portfolio",
)


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
    """PO-5: classify one spreadsheet row as ("valid"|"blank"|"invalid", error code or None, error values).

    ``known_companies`` maps company ids to whether they are active; ``portfolios`` maps exact
    portfolio names to ids; ``seen`` collects the company ids met so far (duplicates are invalid).
    The error code is one of ``IMPORT_ERRORS``; the caller turns it into a message in the user's language.
    """
    if isinstance(portfolio_cell, str) and portfolio_cell.startswith("="):
        return "invalid", "formula", {}
    if isinstance(portfolio_cell, str) and len(portfolio_cell) > MAX_NAME:
        return "invalid", "too_long", {"max": MAX_NAME}
    try:
        cid = int(company_id)
    except (TypeError, ValueError):
        return "invalid", "bad_id", {}
    if cid not in known_companies:
        return "invalid", "unknown_company", {"id": cid}
    if not known_companies[cid]:
        return "invalid", "archived_company", {"id": cid}
    if cid in seen:
        return "invalid", "duplicate", {"id": cid}
    seen.add(cid)
    name = "" if portfolio_cell is None else str(portfolio_cell).strip()
    if not name:
        return "blank", None, {}
    if name not in portfolios:
        return "invalid", "unknown_portfolio", {"name": name}
    return "valid", None, {}
