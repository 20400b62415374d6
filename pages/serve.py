"""``leaderbook serve``: the guided workbook in Voila, on 127.0.0.1, hardened.

The functions here are the API (the benchmark starts Voila with the very
same settings through them); :func:`run_serve` is the thin command. Voila runs in this process with
settings passed as command-line config, so they outrank any ``voila.json``
lying around: no tracebacks, no sources, no template or theme from the query
string, preheated kernels, and a served root that holds only the
respondent-facing notebooks (a folder inside the data dir, never the repo).
"""

from __future__ import annotations

import os
import shutil
import socket
import sys
from contextlib import contextmanager
from pathlib import Path

from workbook.cli import open_store, store_options

DEFAULT_PORT = 8866
HOST = "127.0.0.1"
TEMPLATE = "leaderbook"
SITE_FOLDER = "site"
LOG_FILE = "serve.log"
SHARE_FOLDER = "share"


def register(commands) -> None:
    serve = commands.add_parser(
        "serve", parents=[store_options()],
        help="open the guided workbook in your browser (Voila on 127.0.0.1)",
        description="Start Voila on 127.0.0.1 with the workbook and print its address. "
                    "Answers go to the store in the data directory. Stop with Ctrl-C.",
    )
    serve.add_argument("--port", type=int, metavar="N", help=f"port to listen on (default: {DEFAULT_PORT} or the next free one)")
    serve.add_argument("--no-browser", action="store_true", help="only print the address; do not open a browser")
    serve.add_argument("--workbook", metavar="DIR", help="serve a workbook rendered with `leaderbook new` (default: the built-in one)")
    serve.add_argument("--log", metavar="FILE", help="where the server's and kernels' messages go (default: DATA/serve.log)")
    serve.set_defaults(run=run_serve)


def workbook_url(port: int, token: str, notebook: str = "workbook.ipynb", host: str = HOST) -> str:
    """The address a respondent opens: the workbook page with their invite."""
    return f"http://{host}:{port}/voila/render/{notebook}?invite={token}"


def local_invite(store) -> str:
    """A fresh invite for the individual leader of this store (created, with a round, if needed)."""
    from workbook.store.invites import create_invite
    from .visit import local_respondent

    respondent, round_ = local_respondent(store)
    return create_invite(store, respondent.id, round_.id)


def prepare_site(data: Path, workbook: Path | None = None) -> Path:
    """Fill ``data/site`` with the notebooks a visitor may open, and return it.

    The workbook (and its programme) comes from ``workbook`` (a folder made by
    ``leaderbook new``) or the shipped one; the coach dashboard always from
    the shipped notebooks. Anything else left there by an earlier start is
    removed, so the served root never holds more than these pages.
    """
    from workbook.errors import LeaderbookError
    from workbook.programme import (DASHBOARD_NOTEBOOK, PROGRAMME_FILE, WORKBOOK_NOTEBOOK, load_programme,
                             notebook_sources)

    shipped = notebook_sources()
    source = Path(workbook) if workbook else shipped
    if not (source / WORKBOOK_NOTEBOOK).is_file():
        raise LeaderbookError(f"{source} holds no {WORKBOOK_NOTEBOOK}; render one with `leaderbook new {source}`")
    copies = {WORKBOOK_NOTEBOOK: source / WORKBOOK_NOTEBOOK}
    if (source / PROGRAMME_FILE).is_file():
        copies[PROGRAMME_FILE] = source / PROGRAMME_FILE
        for name in load_programme(source / PROGRAMME_FILE).instruments:
            if name.endswith((".yaml", ".yml")):
                copies[Path(name).name] = source / name
    if (shipped / DASHBOARD_NOTEBOOK).is_file():
        copies[DASHBOARD_NOTEBOOK] = shipped / DASHBOARD_NOTEBOOK
    site = Path(data) / SITE_FOLDER
    try:
        site.mkdir(parents=True, exist_ok=True)
        for old in site.iterdir():
            if old.name not in copies:
                shutil.rmtree(old) if old.is_dir() and not old.is_symlink() else old.unlink()
        for name, origin in copies.items():
            shutil.copyfile(origin, site / name)
    except OSError as exc:
        raise LeaderbookError(f"cannot prepare the served folder {site}: {exc.strerror or exc}") from None
    return site


def template_share_dir(data: Path) -> Path | None:
    """A Jupyter data dir holding ``voila/templates/leaderbook``, or None when it is installed.

    A source checkout (editable install) copies the template from the tree,
    so an edit shows on the next start; a wheel installs it as shared data.
    """
    from workbook.errors import LeaderbookError

    checkout = Path(__file__).resolve().parents[1]
    tree = checkout / "templates" / "voila" / TEMPLATE
    if (checkout / "pyproject.toml").is_file() and (tree / "conf.json").is_file():
        share = Path(data) / SHARE_FOLDER
        target = share / "voila" / "templates" / TEMPLATE
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(tree, target)
        return share
    from jupyter_core.paths import jupyter_path

    if any((Path(p) / "templates" / TEMPLATE / "conf.json").is_file() for p in jupyter_path("voila")):
        return None
    raise LeaderbookError("the leaderbook Voila template is not installed; reinstall leaderbook")


def voila_argv(root: Path, port: int, *, port_retries: int = 0) -> list[str]:
    """Voila's command-line config for the workbook: the hardened settings in one place."""
    return [
        str(root),
        f"--Voila.ip={HOST}",
        f"--Voila.port={port}",
        f"--Voila.port_retries={port_retries}",
        # Our launch_browser prints the address (with the invite) once the port is bound.
        "--Voila.open_browser=True",
        f"--VoilaConfiguration.template={TEMPLATE}",
        "--VoilaConfiguration.theme=light",
        "--VoilaConfiguration.show_tracebacks=False",
        "--VoilaConfiguration.strip_sources=True",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.allow_theme_override=NO",
        "--VoilaConfiguration.preheat_kernel=True",
        "--VoilaConfiguration.default_pool_size=1",
        # The coach dashboard (pandas) starts its kernel when a coach opens it: no idle warm one.
        "--VoilaKernelManager.preheat_denylist=dashboard.ipynb",
        # A page's kernel stops when its tab closes; one whose tab vanished without
        # saying so (a crash, a lost network) is stopped after an hour with no connection.
        "--MappingKernelManager.cull_idle_timeout=3600",
        "--MappingKernelManager.cull_interval=300",
        "--MappingKernelManager.cull_connected=False",
        "--VoilaConfiguration.classic_tree=True",
    ]


def voila_app(on_listening):
    """A Voila application with leaderbook's handling; ``on_listening(port)`` runs once the port is bound."""
    from traitlets import List
    from voila.app import Voila
    from voila.tornado.handler import TornadoVoilaHandler

    class _PageHandler(TornadoVoilaHandler):
        async def get(self, path=None):
            # The page stops its kernel on unload with a beacon that must carry the _xsrf
            # cookie; Voila never sets it, so every reload would leave a kernel running.
            self.xsrf_token
            await super().get(path)

    class _WorkbookVoila(Voila):
        # No voila.json / voila.py from the working or config dirs: the settings are ours alone.
        config_file_paths = List([])

        def init_handlers(self):
            return [(route[0], _PageHandler, *route[2:]) if route[1] is TornadoVoilaHandler else route
                    for route in super().init_handlers()]

        def launch_browser(self):
            on_listening(self.port)

    return _WorkbookVoila()


def run_voila(argv: list[str], on_listening) -> None:
    """Run Voila in this process with ``argv`` (see :func:`voila_argv`) until it is stopped."""
    app = voila_app(on_listening)
    app.initialize(argv)
    app.start()


def _port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As tornado binds: a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


@contextmanager
def output_to(log: Path):
    """Send this process's standard error, and every kernel's it starts, to ``log``.

    Yields a stream to the terminal's standard error, for the few lines a
    person running the server should read; the server's and kernels' own
    messages (and a kernel's dying words) stay in the log.
    """
    from workbook.errors import LeaderbookError

    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        target = open(log, "a", encoding="utf-8")
    except OSError as exc:
        raise LeaderbookError(f"cannot write the log {log}: {exc.strerror or exc}") from None
    sys.stderr.flush()
    terminal = os.dup(2)
    console = os.fdopen(os.dup(terminal), "w", buffering=1, encoding="utf-8", errors="replace")
    os.dup2(target.fileno(), 2)
    try:
        yield console
    finally:
        sys.stderr.flush()
        os.dup2(terminal, 2)
        os.close(terminal)
        target.close()
        console.close()


def run_serve(args) -> int:
    from workbook.errors import LeaderbookError
    from workbook.paths import data_dir, database_url

    if args.port is not None and not 0 < args.port < 65536:
        raise LeaderbookError(f"port {args.port} is not a port number (1 to 65535)")
    if args.port is not None and not _port_is_free(args.port):
        raise LeaderbookError(f"port {args.port} on {HOST} is in use; choose another with --port")
    data = data_dir(args.data)
    url = database_url(args.db, args.data)
    site = prepare_site(data, Path(args.workbook) if args.workbook else None)
    share = template_share_dir(data)
    with open_store(args) as store:
        token = local_invite(store)
    # The kernels inherit this environment: they open the same store.
    os.environ["LEADERBOOK_DATA"] = str(data)
    os.environ["LEADERBOOK_DB"] = url
    if share is not None:
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(share), os.environ.get("JUPYTER_PATH")]))
    log = Path(args.log) if args.log else data / LOG_FILE
    port = args.port if args.port is not None else DEFAULT_PORT

    with output_to(log) as console:
        def on_listening(port: int) -> None:
            address = workbook_url(port, token)
            print(f"leaderbook: the workbook is at this address (log: {log}; Ctrl-C stops):", file=console)
            print(address, flush=True)
            if not args.no_browser:
                import threading
                import webbrowser

                threading.Thread(target=webbrowser.open, args=(address,), daemon=True).start()

        try:
            run_voila(voila_argv(site, port, port_retries=0 if args.port is not None else 50), on_listening)
        except KeyboardInterrupt:
            pass
        print("leaderbook: stopped", file=console)
    return 0
