"""leaderbook's guarded versions of Voila's handlers, and the gate on the Host header.

- :class:`PageHandler` asks the gate before Voila gives out a kernel: no live
  link, no kernel; too many pages open, a "busy" page. An admitted page gets
  its secret as an HttpOnly, SameSite=Strict cookie.
- :class:`KernelChannelsHandler`, :class:`KernelModelHandler` and
  :class:`KernelShutdownHandler` serve a kernel only to the browser holding
  the secret of the page that kernel serves.
- :class:`RequestInfoHandler` (Voila's ``/voila/query/<kernel id>``) opens
  only for the kernel itself, which proves it with its own secret; the
  request it passes on binds the kernel to its page's link.
- :class:`UnknownHost` routes a request whose Host (or Origin) is not one
  the server was configured for to :class:`WrongHostHandler` (400/403), so a
  DNS-rebinding page cannot reach the server.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from jupyter_server.services.kernels.handlers import KernelHandler
from tornado import web
from tornado.routing import Matcher
from voila.request_info_handler import RequestInfoSocketHandler
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.tornado.handler import TornadoVoilaHandler
from voila.tornado.kernel_websocket_handler import VoilaKernelWebsocketHandler

from ._views import render
from .gate import Admission, Refusal, link_of_request
from .request import KERNEL_SECRET_HEADER

def refusal_html(refusal: Refusal) -> str:
    """The server's own short page for a refused request (no kernel is started for it)."""
    state = "invalid" if refusal.status == 403 else "busy" if refusal.status == 503 else "missing"
    return render("refusal.html.j2", title=refusal.title, detail=refusal.detail, state=state)


def _gate(handler: web.RequestHandler):
    return handler.settings["page_gate"]


def _cookies(handler: web.RequestHandler) -> dict[str, str]:
    return {name: morsel.value for name, morsel in handler.request.cookies.items()}


class PageHandler(TornadoVoilaHandler):
    """Voila's page handler, behind the gate: a kernel only for a live link, one per link, within the cap."""

    async def get(self, path=None):
        decision = _gate(self).admit(path or "", self.request.query)
        if isinstance(decision, Refusal):
            self.set_status(decision.status)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            if decision.status == 503:
                self.set_header("Retry-After", "60")
            self.finish(refusal_html(decision))
            return
        self._give_secret(decision)
        # The page stops its kernel on unload with a beacon that must carry the _xsrf
        # cookie; Voila never sets it, so every reload would leave a kernel running.
        self.xsrf_token
        await super().get(path)

    def _give_secret(self, admission: Admission) -> None:
        # Secure when the browser came over TLS: directly, or through the proxy that says so.
        secure = "https" in (self.request.protocol, self.request.headers.get("X-Forwarded-Proto", "").lower())
        self.set_cookie(admission.cookie_name, admission.secret, path=self.base_url, httponly=True,
                        samesite="Strict", secure=secure)


class _KernelOfPage:
    """Mixin: the kernel named in the URL serves only the browser holding its page's secret."""

    def _check_page(self, kernel_id: str) -> None:
        # A kernel id is 122 random bits: saying one is not running tells a prober nothing.
        if kernel_id not in self.kernel_manager:
            raise web.HTTPError(404, "no such kernel")
        gate = _gate(self)
        if gate.link_of(kernel_id) is None:
            # A preheated kernel's link arrives with the request Voila hands it; if the
            # kernel has not fetched it yet, Voila holds it in its cache until it does.
            payload = RequestInfoSocketHandler._cache.get(kernel_id) or {}
            gate.bind(kernel_id, link_of_request(payload.get("SCRIPT_NAME", ""), payload.get("QUERY_STRING", "")))
        if not gate.page_may_use(kernel_id, _cookies(self)):
            raise web.HTTPError(403, "this kernel belongs to another page")


class KernelChannelsHandler(_KernelOfPage, VoilaKernelWebsocketHandler):
    async def get(self, kernel_id):
        self._check_page(kernel_id)
        await super().get(kernel_id)


class KernelModelHandler(_KernelOfPage, KernelHandler):
    async def prepare(self):
        self._check_page(self.path_kwargs["kernel_id"])
        await super().prepare()


class KernelShutdownHandler(_KernelOfPage, VoilaShutdownKernelHandler):
    async def prepare(self):
        self._check_page(self.path_args[0])
        await super().prepare()


class RequestInfoHandler(RequestInfoSocketHandler):
    """Voila's request-info socket, opened only by the kernel it is for."""

    async def get(self, kernel_id, *args, **kwargs):
        if not _gate(self).kernel_may_listen(kernel_id, self.request.headers.get(KERNEL_SECRET_HEADER)):
            raise web.HTTPError(403)
        self.kernel_id = kernel_id
        await super().get(kernel_id, *args, **kwargs)

    def write_message(self, message, binary=False):
        # Every request Voila passes to a preheated kernel comes through here: the link
        # in it tells the gate whose page this kernel now serves.
        if isinstance(message, dict):
            _gate(self).bind(self.kernel_id, link_of_request(message.get("SCRIPT_NAME", ""),
                                                            message.get("QUERY_STRING", "")))
        return super().write_message(message, binary)


class UnknownHost(Matcher):
    """Matches requests the server must not answer: a Host, or an Origin, it was not configured for."""

    def __init__(self, hosts: frozenset[str], origins: frozenset[str]):
        self.hosts, self.origins = hosts, origins

    def match(self, request):
        host = (request.headers.get("Host") or "").lower()
        origin = request.headers.get("Origin")
        if host not in self.hosts:
            return {"path_kwargs": {"status": "400"}}
        if origin is not None and _origin(origin) not in self.origins:
            return {"path_kwargs": {"status": "403"}}
        return None


def _origin(value: str) -> str:
    parts = urlsplit(value.strip().lower())
    return f"{parts.scheme}://{parts.netloc}"


class WrongHostHandler(web.RequestHandler):
    """A short refusal for a request addressed to a host (or from an origin) this server does not serve."""

    def prepare(self):
        status = int(self.path_kwargs.get("status", "400"))
        self.set_status(status)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("leaderbook: this server does not answer for that host.\n" if status == 400
                    else "leaderbook: requests from that origin are refused.\n")


#: Voila's handler classes and the guarded ones that take their place.
GUARDED = {
    TornadoVoilaHandler: PageHandler,
    VoilaKernelWebsocketHandler: KernelChannelsHandler,
    KernelHandler: KernelModelHandler,
    VoilaShutdownKernelHandler: KernelShutdownHandler,
    RequestInfoSocketHandler: RequestInfoHandler,
}


def guarded_routes(routes: list) -> list:
    """Voila's routes with every kernel-facing handler guarded, and no notebook tree or contents API.

    The tree and the contents API would list the served folder to anyone;
    a visitor needs neither, only the link they were sent.
    """
    from voila.tornado.contentshandler import VoilaContentsHandler
    from voila.tornado.treehandler import TornadoVoilaTreeHandler

    dropped = (TornadoVoilaTreeHandler, VoilaContentsHandler)
    kept = [route for route in routes if route[1] not in dropped]
    return [(route[0], GUARDED.get(route[1], route[1]), *route[2:]) for route in kept]
