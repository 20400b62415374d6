"""workbook's names are the API: each resolves, and a coach's notebook can run a team round with them alone."""

from __future__ import annotations

import subprocess
import sys

import workbook


def test_every_name_in_the_api_resolves_to_what_it_names():
    for name in workbook.__all__:
        value = getattr(workbook, name)
        assert name == "__version__" or getattr(value, "__name__", name) == name or not callable(value), name


def test_importing_the_api_loads_nothing_heavy_until_a_coachs_function_is_used():
    code = ("import sys, workbook; workbook.Store; workbook.find_instrument; workbook.create_team; "
            "print('pandas' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() == "False"


def test_a_team_round_from_the_api_alone(tmp_path):
    from workbook import (Store, aggregate_export, create_team, find_instrument, team_dashboard, team_report,
                          write_report)

    skills = find_instrument("leader-skills")
    with Store(data=tmp_path) as store:
        made = create_team(store, "Blue", "Ana,Ben,Cleo", workbook=({"instruments": [skills.key]}, {}))
        for link in made.links:  # three people finish: the release rule publishes their figures
            store.record_answers(link.respondent_id, made.round.id, skills,
                                 [(item.id, 3) for item in skills.items if item.kind == "rating"])
        dashboard = team_dashboard(store, "Blue")
        path = write_report(team_report(dashboard), tmp_path / "blue.html")
        figures = aggregate_export(store, "Blue")
    assert "Blue" in path.read_text(encoding="utf-8")
    shown = [row for row in figures["sections"] if not row["suppressed"]]
    assert figures["team"] == "Blue" and shown and all(row["n"] == 3 for row in shown)
