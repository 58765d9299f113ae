"""A classroom board running in a background thread on a free loopback port, for tests.

    with running_board(tmp_path / "b.sqlite") as board:
        board.url, board.code, board.trainer_key, board.forum

The forum object is shared with the server thread (its calls hold the store's lock), so a test
may read it directly to see what a request stored.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from toolkit.classroom.server import LOOPBACK, Listening, Opened, learner_url, listen, open_board
from toolkit.forum.service import Forum


@dataclass
class RunningBoard:
    url: str
    port: int
    code: str
    trainer_key: str
    opened: Opened
    loop: asyncio.AbstractEventLoop
    serving: Listening

    @property
    def forum(self) -> Forum:
        """The forum served now (after a reset, the new one)."""
        return self.serving.forum

    @property
    def learner_url(self) -> str:
        return learner_url(LOOPBACK, self.port, self.code)

    def trainer_login_url(self) -> str:
        return f"{self.url}/trainer/login?key={self.trainer_key}"


@contextmanager
def running_board(
    db: str | Path, *, code: str | None = "TEST42", **kwargs: Any
) -> Iterator[RunningBoard]:
    """Serve a board from ``db`` until the block ends."""
    opened = open_board(db, code=code, **kwargs)
    ready = threading.Event()
    box: dict[str, Any] = {}

    def serve() -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)

        async def start() -> None:
            serving = listen(opened, LOOPBACK, 0)
            serving.show_address(learner_url(LOOPBACK, serving.port, opened.code))
            box.update(serving=serving, server=serving.server, port=serving.port, loop=loop)
            ready.set()

        loop.run_until_complete(start())
        loop.run_forever()
        box["server"].stop()
        loop.run_until_complete(box["server"].close_all_connections())
        loop.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    if not ready.wait(15):
        msg = "the board did not start"
        raise RuntimeError(msg)
    port = box["port"]
    try:
        yield RunningBoard(
            f"http://{LOOPBACK}:{port}",
            port,
            opened.code,
            opened.trainer_key,
            opened,
            box["loop"],
            box["serving"],
        )
    finally:
        box["loop"].call_soon_threadsafe(box["loop"].stop)
        thread.join(15)
        box["serving"].forum.close()
        opened.forum.close()
