"""The kernel manager behind ``leaderbook serve``: every kernel it starts is known to the gate.

Voila wraps this class with its preheated pool (``VoilaConfiguration.
multi_kernel_manager_class``), so pooled kernels and kernels started for a
request both come through :meth:`PageKernelManager.start_kernel`. Each gets
a secret of its own in its environment (it proves itself with it on the
request-info socket) and the store's location; a kernel started for a
request is bound to that request's link at once. When the server runs its
store service, each kernel is also told its socket (and reaches the store
through it, not by opening one of its own). Stopped kernels are
forgotten by the gate. A kernel's own output (its start-up warnings, a dying
kernel's last words) is appended to the server's log file when one is set.
"""

from __future__ import annotations

import secrets

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Dict, Unicode

from workbook.store.client import STORE_SOCKET_ENV

from .gate import link_of_request
from .request import KERNEL_SECRET_ENV


class PageKernelManager(AsyncMappingKernelManager):
    """AsyncMappingKernelManager that reports every kernel to the server's :class:`pages.gate.PageGate`."""

    kernel_env = Dict({}, config=True,
                      help="Environment variables every page kernel gets (where the store is, the server's host).")

    output_file = Unicode("", config=True,
                          help="File every kernel's standard output and error are appended to (empty: the server's).")

    @property
    def gate(self):
        return self.parent.page_gate

    async def start_kernel(self, **kwargs):
        env = {**(kwargs.pop("env", None) or {}), **self.kernel_env}
        secret = secrets.token_urlsafe(32)
        env[KERNEL_SECRET_ENV] = secret
        socket_path = getattr(self.parent, "store_socket", "")
        if socket_path:  # the page reaches the server's store through it (pages/store_service.py)
            env[STORE_SOCKET_ENV] = socket_path
        if self.output_file:
            kwargs.setdefault("stdout", self._output())
            kwargs.setdefault("stderr", self._output())
        kernel_id = await super().start_kernel(env=env, **kwargs)
        self.gate.kernel_started(kernel_id, secret)
        if env.get("VOILA_PREHEAT") == "False":  # started for a request: its link is in its environment
            self.gate.bind(kernel_id, link_of_request(env.get("SCRIPT_NAME", ""), env.get("QUERY_STRING", "")))
        return kernel_id

    def _output(self):
        """The output file, opened once for appending (each kernel gets a copy of its descriptor)."""
        output = getattr(self, "_output_stream", None)
        if output is None or output.closed:
            output = self._output_stream = open(self.output_file, "a", encoding="utf-8")
        return output

    async def shutdown_kernel(self, kernel_id, *args, **kwargs):
        try:
            return await super().shutdown_kernel(kernel_id, *args, **kwargs)
        finally:
            self.gate.forget(kernel_id)
            forget = getattr(self.parent, "forget_kernel", None)
            if forget is not None:
                forget(kernel_id)
