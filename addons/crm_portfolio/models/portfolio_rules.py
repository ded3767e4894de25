"""Plain business rules of crm_portfolio: no ORM, unit-tested directly."""

from collections.abc import Iterable, Mapping

MAX_MARKERS = 15
MAX_NAME = 128


def pick_agent(online_agent_ids: Iterable[int], open_leads: Mapping[int, int]) -> int | None:
    """PO-10: among the online agents, the one with the fewest open leads (lowest id on a tie)."""
    candidates = sorted(online_agent_ids)
    if not candidates:
        return None
    return min(candidates, key=lambda uid: (open_leads.get(uid, 0), uid))


def check_import_row(
    company_id: object, portfolio_cell: object, *, known_companies: Mapping[int, bool],
    portfolios: Mapping[str, int], seen: set,
) -> tuple[str, str | None]:
    """PO-5: classify one spreadsheet row as ("valid"|"blank"|"invalid", error message or None).

    ``known_companies`` maps company ids to whether they are active; ``portfolios`` maps exact
    portfolio names to ids; ``seen`` collects the company ids met so far (duplicates are invalid).
    """
    if isinstance(portfolio_cell, str) and portfolio_cell.startswith("="):
        return "invalid", "Formulas are not accepted: type the portfolio name."
    if isinstance(portfolio_cell, str) and len(portfolio_cell) > MAX_NAME:
        return "invalid", f"The portfolio cell is longer than {MAX_NAME} characters, the longest possible name."
    try:
        cid = int(company_id)
    except (TypeError, ValueError):
        return "invalid", "The ID column must hold the company's ID."
    if cid not in known_companies:
        return "invalid", f"No company with ID {cid}."
    if not known_companies[cid]:
        return "invalid", f"Company {cid} is archived."
    if cid in seen:
        return "invalid", f"Company {cid} appears more than once."
    seen.add(cid)
    name = "" if portfolio_cell is None else str(portfolio_cell).strip()
    if not name:
        return "blank", None
    if name not in portfolios:
        return "invalid", f"No portfolio named “{name}”."
    return "valid", None
