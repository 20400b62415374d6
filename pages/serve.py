"""``leaderbook serve``: the guided workbook in Voila, on 127.0.0.1 by default, hardened.

The functions here are the API (the benchmark and the browser tests start
the server through the same :class:`pages.voila_app.ServerPlan`);
:func:`run_serve` is the thin command. Voila's settings come from
:func:`pages.voila_app.voila_config`: no tracebacks, no sources, no template
or theme from the query string, preheated kernels, a kernel only for a live
link, and a served root that holds only the respondent-facing notebooks (a
folder inside the data dir, never the repo). On a network it answers only
for the host of ``--base-url``; files it writes are private (0600 in a 0700
data directory). The terminal shows only the address and the stop: the
server's loggers and the kernels' output go to the log file, through that
same configuration (no file descriptor of the process is swapped).
"""

from __future__ import annotations

import dataclasses
import logging
import os
import shutil
import socket
import sys
from pathlib import Path

from workbook.cli import open_store, store_options

DEFAULT_PORT = 8866
HOST = "127.0.0.1"
TEMPLATE = "leaderbook"
SITE_FOLDER = "site"
#: Where the server and its kernels take turns at the database's connections.
SLOTS_FOLDER = "db-connections"
LOG_FILE = "serve.log"
SHARE_FOLDER = "share"


def register(commands) -> None:
    serve = commands.add_parser(
        "serve", parents=[store_options()],
        help="serve the guided workbook (Voila; 127.0.0.1 unless --host and --base-url say otherwise)",
        description="Start Voila with the workbook and print its address. Answers go to the store in "
                    "the data directory (or --db). Stop with Ctrl-C. For a team on other machines, put it "
                    "behind a TLS proxy and give --base-url (see README, \"Serving a team\").",
    )
    serve.add_argument("--host", default=HOST, metavar="ADDR",
                       help=f"address to listen on (default: {HOST}; anything else needs --base-url)")
    serve.add_argument("--port", type=int, metavar="N", help=f"port to listen on (default: {DEFAULT_PORT} or the next free one)")
    # Its own dest: the base URL other commands take defaults to the recorded one; serve's does not.
    serve.add_argument("--base-url", metavar="URL", dest="public_url",
                       help="the address members' browsers use (e.g. https://workbook.example.org); links are made "
                            "for it and only its host is answered")
    serve.add_argument("--max-pages", type=int, metavar="N",
                       help="most workbook pages open at once; more visitors see \"busy, try again in a minute\" "
                            "(default: from this machine's free memory)")
    serve.add_argument("--db-connections", type=int, metavar="N",
                       help="PostgreSQL connections this server and all its pages hold at most, together "
                            "(default: 10); keep servers x N under the database's max_connections")
    serve.add_argument("--no-browser", action="store_true", help="only print the address; do not open a browser")
    serve.add_argument("--workbook", metavar="DIR", help="serve a workbook rendered with `leaderbook new` (default: the built-in one)")
    serve.add_argument("--smtp", metavar="URL",
                       help="the mail server the coach's workspace sends invitations and reminders through, e.g. "
                            "smtp://user:password@mail.example.org:587 (default: $LEADERBOOK_SMTP)")
    serve.add_argument("--sender", metavar="ADDRESS",
                       help="the address those messages come from (default: $LEADERBOOK_SENDER)")
    serve.add_argument("--log", metavar="FILE", help="where the server's and kernels' messages go (default: DATA/serve.log)")
    serve.set_defaults(run=run_serve)


def workbook_url(port: int, token: str, notebook: str = "workbook.ipynb", host: str = HOST) -> str:
    """The local address of the workbook page with an invite (when no --base-url is given)."""
    return f"http://{host}:{port}/voila/render/{notebook}?invite={token}"


#: Memory a page kernel is planned for (a page kernel measures about 75 MB; see bench/bench_capacity.py).
PAGE_MEMORY_BYTES = 100 * 2**20


def default_max_pages() -> int:
    """Pages that fit in half of the memory free now, at PAGE_MEMORY_BYTES each (4 to 200)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as meminfo:
            fields = dict(line.split(":", 1) for line in meminfo)
        available = int(fields["MemAvailable"].split()[0]) * 1024
    except (OSError, KeyError, ValueError):
        available = 2 * 2**30
    return max(4, min(200, available // 2 // PAGE_MEMORY_BYTES))


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
    from workbook.basics.links import DASHBOARD_NOTEBOOK, SESSION_NOTEBOOK, WORKBOOK_NOTEBOOK, WORKSPACE_NOTEBOOK
    from workbook.instruments.programme import PROGRAMME_FILE, load_programme, notebook_sources

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
    for coach_page in (DASHBOARD_NOTEBOOK, SESSION_NOTEBOOK, WORKSPACE_NOTEBOOK):
        if (shipped / coach_page).is_file():
            copies[coach_page] = shipped / coach_page
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


def _port_is_free(port: int, host: str = HOST) -> bool:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # As tornado binds: a port left in TIME_WAIT by a stopped server is free.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def choose_port(host: str, asked: int | None) -> int:
    """``asked`` if it is free, else LeaderbookError; without one, DEFAULT_PORT or the next free port.

    The port is settled before Voila starts, because the Host names the server
    answers for include it.
    """
    from workbook.errors import LeaderbookError

    if asked is not None:
        if not 0 < asked < 65536:
            raise LeaderbookError(f"port {asked} is not a port number (1 to 65535)")
        if not _port_is_free(asked, host):
            raise LeaderbookError(f"port {asked} on {host} is in use; choose another with --port")
        return asked
    for port in range(DEFAULT_PORT, DEFAULT_PORT + 50):
        if _port_is_free(port, host):
            return port
    raise LeaderbookError(f"ports {DEFAULT_PORT} to {DEFAULT_PORT + 49} on {host} are all in use; choose one with --port")


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def private_log(log: Path) -> Path:
    """Make sure ``log`` exists as a 0600 file (it holds kernel ids), for the server to append to."""
    from workbook.errors import LeaderbookError
    from workbook.basics.files import open_private

    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        open_private(log, "a").close()
    except OSError as exc:
        raise LeaderbookError(f"cannot write the log {log}: {exc.strerror or exc}") from None
    return log


def server_plan(args, data: Path, site: Path, store_url: str):
    """What ``serve`` was asked for, checked: where to listen, for which address, how many pages."""
    from workbook.errors import LeaderbookError
    from workbook.basics.links import check_base_url

    from .request import SERVER_HOST_ENV
    from .voila_app import WILDCARD_HOSTS, ServerPlan

    host = (args.host or HOST).strip()
    if not is_loopback(host) and not args.public_url:
        raise LeaderbookError(
            f"--host {host} lets other machines reach the server, so give --base-url, the address their "
            "browsers will use (e.g. https://workbook.example.org): links are made for it and only its host "
            "is answered")
    public = check_base_url(args.public_url) if args.public_url else ""
    if args.max_pages is not None and not 1 <= args.max_pages <= 10_000:
        raise LeaderbookError(f"--max-pages {args.max_pages} is not a number of pages from 1 to 10000")
    from workbook.store.connection_slots import CONNECTIONS_ENV, DEFAULT_CONNECTIONS, SLOTS_ENV, ConnectionSlots

    connections = ConnectionSlots(data / SLOTS_FOLDER, DEFAULT_CONNECTIONS if args.db_connections is None
                                  else args.db_connections)
    port = choose_port(host, args.port)
    kernel_env = {"LEADERBOOK_DATA": str(data), "LEADERBOOK_DB": store_url,
                  SERVER_HOST_ENV: "127.0.0.1" if host in WILDCARD_HOSTS else host,
                  # The server and its kernels share these connections to the database (PostgreSQL).
                  CONNECTIONS_ENV: str(connections.count), SLOTS_ENV: str(connections.folder)}
    smtp, sender = getattr(args, "smtp", None), getattr(args, "sender", None)
    if smtp or sender:
        from workbook.team.mail import MailServer

        # Checked now, so a mistyped --smtp is one line at the start, not a page that cannot send.
        MailServer.from_url(smtp or os.environ.get("LEADERBOOK_SMTP", ""),
                            sender or os.environ.get("LEADERBOOK_SENDER", ""))
        kernel_env.update({"LEADERBOOK_SMTP": smtp or os.environ.get("LEADERBOOK_SMTP", ""),
                           "LEADERBOOK_SENDER": sender or os.environ.get("LEADERBOOK_SENDER", "")})
    return ServerPlan(site=site, port=port, host=host, public_url=public,
                      max_pages=args.max_pages or default_max_pages(), store_url=store_url, kernel_env=kernel_env)


def run_serve(args) -> int:
    from workbook.basics.files import private_dir
    from workbook.basics.links import invite_url, remember_base_url, workspace_url
    from workbook.store.paths import data_dir, database_url

    from workbook.store.connection_slots import CONNECTIONS_ENV, SLOTS_ENV

    from .voila_app import run_voila

    data = data_dir(args.data)
    url = database_url(args.db, args.data)
    plan = server_plan(args, data, data / SITE_FOLDER, url)  # every option checked before anything is written
    for name in (CONNECTIONS_ENV, SLOTS_ENV):  # the server's own stores share its kernels' bound
        os.environ[name] = plan.kernel_env[name]
    prepare_site(data, Path(args.workbook) if args.workbook else None)
    private_dir(data)
    share = template_share_dir(data)
    with open_store(args) as store:
        token = local_invite(store)
        workspace = store.add_workspace_token()  # this start's own: earlier ones work until rotated
    if plan.public_url:
        remember_base_url(data, plan.public_url)
    log = private_log(Path(args.log) if args.log else data / LOG_FILE)
    # A source checkout's template is searched first, so an edit shows on the next start.
    plan = dataclasses.replace(plan, template_root=str(share) if share is not None else "", log_file=str(log))

    def on_listening(port: int) -> None:
        address = invite_url(token, plan.public_url) if plan.public_url else workbook_url(port, token)
        print(f"leaderbook: listening on {plan.host}:{port}, at most {plan.max_pages} pages open "
              f"(log: {log}; Ctrl-C stops). The workbook is at this address:", file=sys.stderr, flush=True)
        print(address, flush=True)
        base = plan.public_url or workbook_url(port, token).split("/voila/")[0]
        print(f"Coach's workspace: {workspace_url(workspace, base)}", flush=True)
        if not args.no_browser:
            import threading
            import webbrowser

            threading.Thread(target=webbrowser.open, args=(address,), daemon=True).start()

    logging.captureWarnings(True)  # a library's warning goes to the log (py.warnings), not the terminal
    try:
        run_voila(plan, on_listening)
    except KeyboardInterrupt:
        pass
    print("leaderbook: stopped", file=sys.stderr)
    return 0
