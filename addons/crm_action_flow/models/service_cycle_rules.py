"""AF-15: pure rules of the service cycle options."""

CYCLE_PARAM = "crm_action_flow.service_cycle"
FALSE_TEXTS = frozenset({"false", "0", "no", "off"})


def cycle_enabled(raw: str | None) -> bool:
    """Whether the service cycle is on, from the stored text of its system parameter.

    A missing (or empty) parameter means ON, the default; ``False``, ``0``, ``no`` and ``off`` (any case,
    spaces ignored) mean OFF; any other text means ON.
    """
    if raw is None or raw is False:
        return True
    text = str(raw).strip().lower()
    return not text or text not in FALSE_TEXTS


def question_applies(question_team_ids: set[int], lead_team_id: int | None) -> bool:
    """Whether a question of a stage is asked of a lead of ``lead_team_id`` (AF-15: cycles per sales team).

    A question without teams is asked of every lead; one with teams only of the leads of those teams
    (a lead without a team gets the questions without teams only).
    """
    return not question_team_ids or bool(lead_team_id and lead_team_id in question_team_ids)
