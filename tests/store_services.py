"""A store service (pages/store_service.py) running on its own event loop thread, as the Voila server runs it."""

from __future__ import annotations

import asyncio
import threading

from pages.store_service import StoreService, instruments_for_site, private_socket_path
from workbook.store.client import StoreClient

#: The kernels the service admits in tests, and their secrets.
KERNELS = {"kernel-a": "secret-a", "kernel-b": "secret-b"}


class Served:
    """A store service answering on its own event loop thread, as the Voila server runs it."""

    def __init__(self, store, site):
        self.store = store
        self.socket_path = private_socket_path()
        started = threading.Event()

        def run():
            self.loop = asyncio.new_event_loop()
            asyncio.set_event_loop(self.loop)
            self.service = StoreService(store, lambda kernel, secret: KERNELS.get(kernel) == secret,
                                        instruments_for_site(store, site))
            self.service.listen(self.socket_path)
            started.set()
            self.loop.run_forever()
            self.loop.close()

        self.thread = threading.Thread(target=run, daemon=True)
        self.thread.start()
        assert started.wait(10)

    def client(self, kernel: str = "kernel-a", secret: str | None = None) -> StoreClient:
        return StoreClient(self.socket_path, kernel, KERNELS.get(kernel, "") if secret is None else secret)

    def stop(self):
        if not self.thread.is_alive():
            return
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.service.close()
