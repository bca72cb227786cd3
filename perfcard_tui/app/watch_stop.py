"""watchfiles' stop signal for a watch that runs in a Textual thread worker."""

from __future__ import annotations

from textual.worker import Worker


class WorkerCancelled:
    """The stop event handed to ``watchfiles.watch`` (it asks ``is_set()`` at every step, a
    few milliseconds): the worker running the watch was cancelled, as Textual does when the
    screen or the app that started it ends, or when another watch of its group replaces it."""

    def __init__(self, worker: Worker[None]) -> None:
        self.worker = worker

    def is_set(self) -> bool:
        return self.worker.is_cancelled
