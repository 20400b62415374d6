"""What the downloadable summary and the individual report show of a saved convergence map.

Both documents include ``partials/convergence.html.j2`` with the context made
here: the map drawn by :func:`workbook.views.charts.convergence_matrix`, its
findings (:func:`workbook.assess.convergence.findings`) and its rows, so the two
cannot drift apart and every name goes through the same autoescaped template.
"""

from __future__ import annotations

from ..errors import MapError
from ..assess.convergence import check_map, findings, spend_by_goal
from ..basics.numbers import format_number
from .charts import convergence_matrix


def convergence_context(saved: object) -> dict | None:
    """The partial's context for a saved map; None when nothing was mapped.

    A map that no longer passes :func:`workbook.assess.convergence.check_map` (an old
    or damaged worksheet) is said to be unreadable rather than failing the document.
    """
    if not saved:
        return None
    try:
        clean = check_map(saved)
    except MapError:
        return {"unreadable": True}
    if not (clean["goals"] or clean["programmes"]):
        return None
    spend = spend_by_goal(clean)
    costed = any(p["cost"] is not None for p in clean["programmes"])
    return {
        "unreadable": False,
        "picture": convergence_matrix(clean) if clean["goals"] else "",
        "findings": findings(clean),
        "goals": [{**goal, "spend": format_number(spend[goal["id"]], 0) if costed else "–"} for goal in clean["goals"]],
        "programmes": [{**p, "reach": format_number(p["reach"], 0), "cost": format_number(p["cost"], 0)}
                       for p in clean["programmes"]],
    }
