"""Voila as ``leaderbook serve`` runs it: one traitlets ``Config``, and the application it configures.

:func:`voila_config` is the one place Voila's settings are made; ``serve``,
the benchmarks and the browser tests all start Voila through it and
:func:`run_voila`. :class:`LeaderbookVoila` is Voila with leaderbook's
guards in place of Voila's own handlers (see :mod:`pages.handlers`), no
notebook tree or contents API, and a Host/Origin check in front of every
route. It reads no ``voila.json`` or ``voila.py`` from the working or config
directories: the settings are ours alone, so a stray file cannot weaken them.

Two settings Voila has no option for are ours too, set in the same ``Config``
so nothing is changed under the process: the Jupyter data directories searched
for the template before the usual ones (a source checkout's own template), and
the log file that the server's loggers and every kernel's output go to.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from traitlets import Any, Bool, Integer, List, Unicode
from traitlets.config import Config
from voila.app import Voila
from voila.static_file_handler import TemplateStaticFileHandler

from .language import ACCEPT_LANGUAGE_HEADER

TEMPLATE = "leaderbook"
LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")
WILDCARD_HOSTS = ("0.0.0.0", "::", "")
#: A page kernel whose browser is gone (no socket for this long, no activity) is stopped.
IDLE_PAGE_SECONDS = 300
CULL_INTERVAL_SECONDS = 60


@dataclass(frozen=True)
class ServerPlan:
    """What ``serve`` asks for: where, for whom, how many pages, with which store."""

    site: Path
    port: int
    host: str = "127.0.0.1"
    public_url: str = ""
    max_pages: int = 20
    store_url: str = ""
    kernel_env: dict = field(default_factory=dict)
    #: A Jupyter data directory holding ``voila/templates/leaderbook``, searched before the usual ones.
    template_root: str = ""
    #: Where the server's and the kernels' messages go (a file the caller made private); "" keeps stderr.
    log_file: str = ""
    #: Page kernels reach the server's one store through its private store service
    #: (pages/store_service.py) instead of opening their own: lighter kernels, one connection pool.
    store_service: bool = True

    @property
    def allowed_hosts(self) -> list[str]:
        """Host headers the server answers: the public name, and loopback when it listens there."""
        hosts = []
        if self.public_url:
            parts = urlsplit(self.public_url)
            hosts.append(parts.netloc.lower())
            default_port = {"http": 80, "https": 443}.get(parts.scheme)
            if parts.port is not None and parts.port == default_port:
                hosts.append(parts.hostname.lower())
        if self.host in LOOPBACK_HOSTS + WILDCARD_HOSTS:
            hosts += [f"127.0.0.1:{self.port}", f"localhost:{self.port}", f"[::1]:{self.port}"]
        elif self.host:
            hosts.append(f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}")
        return hosts

    @property
    def allowed_origins(self) -> list[str]:
        origins = []
        if self.public_url:
            parts = urlsplit(self.public_url)
            origins.append(f"{parts.scheme}://{parts.netloc}".lower())
        origins += [f"http://{host}" for host in self.allowed_hosts]
        return sorted(set(origins))


def voila_config(plan: ServerPlan) -> Config:
    """Voila's settings for the workbook, hardened, in one place."""
    c = Config()
    c.Voila.root_dir = str(plan.site)
    c.Voila.ip = plan.host
    c.Voila.port = plan.port
    c.Voila.port_retries = 0
    c.Voila.open_browser = False
    c.VoilaConfiguration.template = TEMPLATE
    c.VoilaConfiguration.theme = "light"
    c.VoilaConfiguration.show_tracebacks = False
    c.VoilaConfiguration.strip_sources = True
    c.VoilaConfiguration.allow_template_override = "NO"
    c.VoilaConfiguration.allow_theme_override = "NO"
    # The page follows the browser's preferred languages (pages.language): Voila passes this header on.
    c.VoilaConfiguration.http_header_envs = [ACCEPT_LANGUAGE_HEADER]
    c.VoilaConfiguration.preheat_kernel = True
    c.VoilaConfiguration.default_pool_size = 1
    c.VoilaConfiguration.multi_kernel_manager_class = "pages.kernels.PageKernelManager"
    # The coach's pages (pandas) start their kernel when a coach opens one: no idle warm one.
    c.VoilaKernelManager.preheat_denylist = ["dashboard.ipynb", "session.ipynb", "workspace.ipynb"]
    c.PageKernelManager.kernel_env = dict(plan.kernel_env)
    # A closed tab stops its kernel at once (the unload beacon); one whose browser vanished
    # loses its socket to the ping timeout and is stopped after a few idle minutes.
    c.MappingKernelManager.cull_idle_timeout = IDLE_PAGE_SECONDS
    c.MappingKernelManager.cull_interval = CULL_INTERVAL_SECONDS
    c.MappingKernelManager.cull_connected = False
    c.LeaderbookVoila.allowed_hosts = plan.allowed_hosts
    c.LeaderbookVoila.allowed_origins = plan.allowed_origins
    c.LeaderbookVoila.max_pages = plan.max_pages
    c.LeaderbookVoila.store_url = plan.store_url
    c.LeaderbookVoila.store_service = plan.store_service
    c.LeaderbookVoila.template_roots = [plan.template_root] if plan.template_root else []
    if plan.log_file:
        c.LeaderbookVoila.logging_config = log_to_file(plan.log_file)
        c.PageKernelManager.output_file = plan.log_file
    return c


#: The loggers a running server writes to besides its own: tornado's, the libraries', and Python's
#: warnings (warnings and errors only, as before: an access line per request would flood the log).
SERVER_LOGGERS = ("tornado", "traitlets", "voila", "jupyter_server", "jupyter_client", "py.warnings")


def log_to_file(path: str) -> dict:
    """A logging configuration (traitlets' ``Application.logging_config``) sending the server's
    messages to ``path`` (appended) instead of standard error."""
    handler = {"class": "logging.FileHandler", "filename": path, "mode": "a", "encoding": "utf-8",
               "formatter": "console"}
    to_file = {"handlers": ["file"], "propagate": False}
    loggers = {name: dict(to_file, level="WARNING") for name in SERVER_LOGGERS}
    return {"handlers": {"file": handler}, "loggers": {"LeaderbookVoila": to_file, **loggers}}


class TemplateFiles(TemplateStaticFileHandler):
    """Voila's handler for a template's static files (``/voila/templates/<name>/static/...``),
    looking in the server's template roots first, as its pages were rendered from them."""

    def initialize(self, roots_first=()):
        super().initialize()
        self.roots_first = tuple(roots_first)

    def parse_url_path(self, path):
        template, static, _ignore = path.split("/", 2)
        if static != "static":
            from tornado.web import HTTPError

            raise HTTPError(404)
        self.roots = template_static_paths(template, self.roots_first)
        return super(TemplateStaticFileHandler, self).parse_url_path(path)

    def get_absolute_path(self, root, path):  # an instance method here: it needs this server's roots
        template, _static, relpath = os.path.normpath(path).split(os.path.sep, 2)
        for directory in template_static_paths(template, self.roots_first):
            found = os.path.abspath(os.path.join(directory, relpath))
            if os.path.exists(found):
                return found
        return found  # no such file: a path that is not there, so a 404 (as Voila's own handler does)


def template_roots(first) -> list[str]:
    """The Jupyter data directories templates are looked for in: ``first``, then the usual ones."""
    from jupyter_core.paths import jupyter_path

    return [*first, *jupyter_path()]


def template_static_paths(template: str, first=()) -> list[str]:
    """Where a template's static files are, ``first`` searched first (as Voila's own lookup otherwise)."""
    from voila.paths import collect_static_paths

    return collect_static_paths(["voila", "nbconvert"], template, root_dirs=template_roots(first))


class LeaderbookVoila(Voila):
    """Voila with leaderbook's gate in front of its pages and kernels."""

    # No voila.json / voila.py from the working or config dirs: the settings are ours alone.
    config_file_paths = List([])

    allowed_hosts = List(Unicode(), config=True, help="Host headers this server answers.")
    allowed_origins = List(Unicode(), config=True, help="Origins a browser may send requests from.")
    max_pages = Integer(20, config=True, help="Most page kernels alive at once; more visitors get a busy page.")
    store_url = Unicode("", config=True, help="The answer store checked for live links.")
    store_service = Bool(True, config=True,
                         help="Serve the store to page kernels on a private Unix socket (they then import no "
                              "SQLAlchemy and open no connections of their own); off: each kernel opens the store.")
    #: The store service's socket, handed to every page kernel in its environment ("" when off).
    store_socket = ""
    template_roots = List(Unicode(), config=True,
                          help="Jupyter data directories searched for the template before the usual ones.")
    on_listening = Any(None, help="Called with the port once the server listens.")

    def setup_template_dirs(self):
        """Voila's own lookup, with :attr:`template_roots` searched first (Voila reads only JUPYTER_PATH)."""
        from voila.app import JUPYTER_SERVER_2
        from voila.paths import collect_template_paths

        if not self.template_roots:
            return super().setup_template_dirs()
        template = self.voila_configuration.template
        roots = template_roots(self.template_roots)
        self.template_paths = collect_template_paths(["voila", "nbconvert"], template, prune=True, root_dirs=roots)
        self.static_paths = template_static_paths(template, self.template_roots)
        if JUPYTER_SERVER_2:  # as Voila adds it
            from jupyter_server import DEFAULT_STATIC_FILES_PATH

            self.static_paths.append(DEFAULT_STATIC_FILES_PATH)

    def init_settings(self) -> dict:
        from .gate import PageGate

        settings = super().init_settings()
        settings["page_gate"] = self.page_gate = PageGate(self._link_is_live, self.max_pages, self._stop_kernel)
        settings["log_function"] = log_request_without_query
        if self.store_service:
            from .store_service import private_socket_path

            self.store_socket = private_socket_path()  # known now, for the kernels; bound in listen()
        return settings

    def init_handlers(self) -> list:
        from .handlers import guarded_routes

        routes = guarded_routes(super().init_handlers())
        # The template's static files are looked up where its pages were found.
        files = (TemplateFiles, {"roots_first": tuple(self.template_roots)})
        return [(route[0], *files) if route[1] is TemplateStaticFileHandler else route for route in routes]

    def listen(self):
        from tornado.ioloop import IOLoop
        from tornado.routing import Rule

        from .handlers import UnknownHost, WrongHostHandler

        hosts = frozenset(h.lower() for h in self.allowed_hosts)
        self.app.default_router.rules.insert(
            0, Rule(UnknownHost(hosts, frozenset(self.allowed_origins)), WrongHostHandler))
        if self.store_socket:
            self._start_store_service()
        if self.on_listening is not None:
            IOLoop.current().add_callback(lambda: self.on_listening(self.port))
        super().listen()

    def _start_store_service(self) -> None:
        """One store for all this server's page kernels, on the private socket (see pages.store_service)."""
        import atexit

        from .store_service import StoreService, instruments_for_site

        store = self._link_store()
        self._store_service = StoreService(store, self.page_gate.kernel_may_listen,
                                           instruments_for_site(store, Path(self.root_dir)))
        self._store_service.listen(self.store_socket)
        atexit.register(self._store_service.close)

    def forget_kernel(self, kernel_id: str) -> None:
        """A page kernel stopped: the store service forgets what it was allowed to touch."""
        service = getattr(self, "_store_service", None)
        if service is not None:
            service.forget(kernel_id)

    def _link_is_live(self, kind: str, token: str) -> bool:
        return link_is_live(self._link_store(), kind, token)

    def _link_store(self):
        store = getattr(self, "_store", None)
        if store is None:
            from workbook.store import Store

            store = self._store = Store(self.store_url or None)
        return store

    def _stop_kernel(self, kernel_id: str) -> None:
        from tornado.ioloop import IOLoop

        async def stop():
            if kernel_id in self.kernel_manager:
                try:
                    await self.kernel_manager.shutdown_kernel(kernel_id)
                except Exception:  # already stopping: nothing to do
                    self.log.debug("replaced kernel was already stopping")

        IOLoop.current().add_callback(stop)


def link_is_live(store, kind: str, token: str) -> bool:
    """True when ``token`` is a live link of ``kind`` in ``store``: each kind is looked up among its own
    tokens only, so a workspace token opens no invite or coach page, and no other token the workspace."""
    from workbook.errors import InvalidInvite
    from workbook.store.invites import resolve_invite
    from workbook.team.admin import resolve_coach_token

    if kind == "workspace":
        return store.workspace_token_live(token)
    try:
        (resolve_invite if kind == "invite" else resolve_coach_token)(store, token)
    except InvalidInvite:
        return False
    return True


def log_request_without_query(handler) -> None:
    """Tornado's access log line, without the query string: links carry their tokens there."""
    import logging

    status = handler.get_status()
    level = logging.INFO if status < 400 else logging.WARNING if status < 500 else logging.ERROR
    logging.getLogger("tornado.access").log(level, "%d %s %s %.1fms", status, handler.request.method,
                                            handler.request.path, 1000.0 * handler.request.request_time())


def run_voila(plan: ServerPlan, on_listening=None) -> None:
    """Run Voila for ``plan`` in this process until it is stopped (Ctrl-C or SIGTERM)."""
    app = LeaderbookVoila(config=voila_config(plan), on_listening=on_listening)
    app.initialize([])
    app.start()
