"""A workbook rendered for a programme (``leaderbook new``) and served with ``leaderbook serve --workbook``."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def programme_server(tmp_path_factory, workbook_servers):
    root = tmp_path_factory.mktemp("programme")
    subprocess.run([sys.executable, "-m", "workbook.cli", "new", str(root / "pilot"), "--title", "Pilot <cohort>",
                    "--intro", "Two instruments, five points of agreement.", "--instrument", "leader-skills",
                    "--instrument", "why-converge", "--scale-labels", "Not yet,Starting,Halfway,Mostly,Fully"],
                   check=True, capture_output=True)
    return workbook_servers(root / "data", "--workbook", str(root / "pilot"))


def test_the_programme_sets_title_steps_and_scale_wording(programme_server, page, tmp_path):
    page.goto(programme_server.url)
    page.wait_for_selector(".lb-start", state="visible", timeout=90_000)
    assert page.title() == "Pilot <cohort>"
    assert page.locator(".lb-title").inner_text().strip() == "Pilot <cohort>"
    assert "Two instruments, five points of agreement." in page.locator(".lb-welcome-text").inner_text()
    steps = [s.strip() for s in page.locator(".lb-step-list button").all_inner_texts()]
    assert [re.sub(r"^\d+\. ", "", s) for s in steps] == [
        "Welcome", "Leader skills", "Why converge training with strategy", "Results", "Action plan", "Summary"]
    page.locator(".lb-start").click()
    first = page.locator(".lb-item").first
    first.wait_for()
    first.locator("[role=radio]").first.wait_for()
    names = [first.locator("[role=radio]").nth(i).locator(".lb-radio-label").inner_text().strip() for i in range(5)]
    assert names == ["Not yet", "Starting", "Halfway", "Mostly", "Fully"]
    page.screenshot(path=str(tmp_path / "programme.png"), full_page=True)
