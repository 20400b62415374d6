"""The two servers the page benchmarks compare, started the same way.

* ``leaderbook``: Voila exactly as ``leaderbook serve`` runs it
  (:func:`pages.voila_app.run_voila` with a :class:`pages.voila_app.ServerPlan`),
  gate and all, over a site holding the workbook.
* ``bare``: plain Voila with the very same ``voila_config`` (same pool, same
  hardening) minus leaderbook's gate, over a site holding a one-cell
  notebook (import ipywidgets, show a button).

Each runs in its own process and prints ``listening PORT`` once it listens.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

# Kernels are counted as the tests count them: one helper, in tests/processes.py.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from processes import kernels_of  # noqa: E402,F401  (re-exported for the benchmarks)

BARE_CELL = ("import ipywidgets\n"
             "ipywidgets.Button(description=\"Start\", button_style=\"primary\", _dom_classes=(\"lb-bare-start\",))")

LEADERBOOK_SCRIPT = """
import json, sys
from pathlib import Path
from pages.voila_app import ServerPlan, run_voila
plan = ServerPlan(**{**json.loads(sys.argv[1]), "site": Path(json.loads(sys.argv[1])["site"])})
run_voila(plan, lambda port: print(f"listening {port}", flush=True))
"""

BARE_SCRIPT = """
import json, sys
from pathlib import Path
from tornado.ioloop import IOLoop
from voila.app import Voila
from pages.voila_app import ServerPlan, voila_config
plan = ServerPlan(**{**json.loads(sys.argv[1]), "site": Path(json.loads(sys.argv[1])["site"])})
config = voila_config(plan)
del config.VoilaConfiguration["multi_kernel_manager_class"]  # the gate is what is measured against
app = Voila(config=config)
app.initialize([])
IOLoop.current().add_callback(lambda: print(f"listening {app.port}", flush=True))
app.start()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bare_notebook(path: Path) -> None:
    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.cells = [nbformat.v4.new_code_cell(BARE_CELL)]
    nbformat.write(notebook, path)


def _start(script: str, plan: dict, log: Path, env: dict) -> subprocess.Popen:
    import json

    with open(log, "w") as err:
        server = subprocess.Popen([sys.executable, "-c", script, json.dumps(plan)], env=env,
                                  stdout=subprocess.PIPE, stderr=err, text=True)
    line = server.stdout.readline()
    if not line.startswith("listening"):
        raise SystemExit(f"the server did not start:\n{log.read_text()[-3000:]}")
    return server


def start_leaderbook(work: Path, *, max_pages: int = 200) -> tuple[subprocess.Popen, Path, str, Path]:
    """The workbook server; returns (process, log, base URL, data dir)."""
    from pages.serve import prepare_site
    from workbook.store.paths import database_url

    data = work / "data"
    site = prepare_site(data)
    (site / "dashboard.ipynb").unlink(missing_ok=True)  # only the page measured, no other kernel
    url = database_url(None, data)
    port = free_port()
    plan = {"site": str(site), "port": port, "max_pages": max_pages, "store_url": url,
            "kernel_env": {"LEADERBOOK_DATA": str(data), "LEADERBOOK_DB": url}}
    log = work / "leaderbook.log"
    server = _start(LEADERBOOK_SCRIPT, plan, log, _env(data))
    return server, log, f"http://127.0.0.1:{port}", data


def start_bare(work: Path) -> tuple[subprocess.Popen, Path, str]:
    """Plain Voila, same settings, over a one-cell notebook; returns (process, log, base URL)."""
    site = work / "bare-site"
    site.mkdir(parents=True, exist_ok=True)
    bare_notebook(site / "bare.ipynb")
    port = free_port()
    log = work / "bare.log"
    server = _start(BARE_SCRIPT, {"site": str(site), "port": port}, log, _env(work / "data"))
    return server, log, f"http://127.0.0.1:{port}"


def _env(data: Path) -> dict:
    from pages.serve import template_share_dir

    env = dict(os.environ)
    share = template_share_dir(data)
    if share is not None:
        env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(share), os.environ.get("JUPYTER_PATH")]))
    return env


def kernel_memory(kernel_id: str) -> dict[str, float]:
    """RSS and USS (private memory) in MB of the kernel process with this id."""
    import re

    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if f"kernel-{kernel_id}.json" in cmdline:
            rss = int(re.search(r"VmRSS:\s+(\d+)", (proc / "status").read_text()).group(1)) / 1024
            rollup = (proc / "smaps_rollup").read_text()
            private = sum(int(n) for n in re.findall(r"Private_(?:Clean|Dirty):\s+(\d+)", rollup)) / 1024
            return {"rss_mb": round(rss, 1), "uss_mb": round(private, 1)}
    raise SystemExit(f"no process for kernel {kernel_id}")
