"""How the suite is shared among pytest-xdist workers, when it is run with ``-n N --dist loadgroup``.

Here at the root, so it holds for every test path (tests/ and the notebooks in templates/) and for a
single file run alone.
"""

from __future__ import annotations

from pathlib import Path

import pytest

BROWSER_TESTS = Path(__file__).parent / "tests" / "browser"


@pytest.hookimpl(tryfirst=True)  # before xdist reads the groups off the items
def pytest_collection_modifyitems(config, items):
    """Each file's tests stay together on one worker (a notebook's cells share one kernel, a module's
    fixtures its servers), and the browser tests all go to one worker, one after another: two browser
    tests at once (each a Chromium, a Voila server and its kernels) starve each other on two cores,
    where one of them beside the unit tests does not."""
    for item in items:
        group = "browser" if BROWSER_TESTS in item.path.parents else str(item.path)
        item.add_marker(pytest.mark.xdist_group(group))
