"""The thread engine of the register check: reading ahead on a thread of its own, and storing
chunks in several database sessions at once (lanes) while they commit in file order (turns).

It knows nothing of invoices: it hands out chunks and calls the store it is given.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Generator
from contextlib import closing
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import connection
from django.utils import translation

LANES = 2  # PostgreSQL sessions storing chunks at once (three or four were no faster on 2 cores)
POLL_SECONDS = 0.01  # how often a waiting chunk looks whether it should step back

T = TypeVar("T")


def _offer(
    handoff: queue.Queue[tuple[str, Any]], stop: threading.Event, item: tuple[str, Any]
) -> bool:
    """Hands ``item`` over, unless the reader is told to stop first."""
    while not stop.is_set():
        try:
            handoff.put(item, timeout=0.1)
            return True
        except queue.Full:
            continue
    return False


def _read(
    chunks: Generator[T, None, None],
    handoff: queue.Queue[tuple[str, Any]],
    stop: threading.Event,
    language: str | None,
) -> None:
    """The reading thread of ``read_ahead``: each chunk, then the end or the error, handed over."""
    with translation.override(language), closing(chunks):
        try:
            for chunk in chunks:
                if not _offer(handoff, stop, ("chunk", chunk)):
                    return
        except BaseException as error:  # handed over, to be raised where chunks are used
            _offer(handoff, stop, ("error", error))
        else:
            _offer(handoff, stop, ("end", None))


def read_ahead(chunks: Generator[T, None, None]) -> Generator[T, None, None]:
    """``chunks``, produced on a thread of their own one chunk ahead: the next rows are parsed
    and checked while the database stores these (psycopg2 lets go of the GIL while it waits).
    An error reading the file is raised here; closing this generator stops the thread, and
    the reading with it."""
    handoff: queue.Queue[tuple[str, Any]] = queue.Queue(maxsize=1)
    stop = threading.Event()
    language = translation.get_language()  # the reasons' language is this thread's
    thread = threading.Thread(
        target=_read,
        args=(chunks, handoff, stop, language),
        name="register-read-ahead",
        daemon=True,
    )
    thread.start()
    try:
        while True:
            kind, item = handoff.get()
            if kind == "error":
                raise item
            if kind == "end":
                return
            yield item
    finally:
        stop.set()
        thread.join()


class StepBack(Exception):
    """A chunk waiting for its turn gives way: see ``Turn.wait``."""


class Stopped(Exception):
    """Another lane has failed, or the reading has: this lane stops."""


class Lanes:
    """What the storing threads share: the chunks handed out, the database sessions of the
    chunks in flight, and the first error."""

    def __init__(self) -> None:
        self.work: queue.Queue[tuple[Any, Turn] | None] = queue.Queue(maxsize=1)
        self.in_flight: dict[int, int] = {}  # chunk index → its session's backend pid
        self.stop = threading.Event()
        self.errors: list[BaseException] = []

    def hand_out(self, item: tuple[Any, Turn] | None) -> None:
        while not self.stop.is_set():
            try:
                self.work.put(item, timeout=POLL_SECONDS)
                return
            except queue.Full:
                continue
        raise Stopped

    def take(self) -> tuple[Any, Turn] | None:
        while not self.stop.is_set():
            try:
                return self.work.get(timeout=POLL_SECONDS)
            except queue.Empty:
                continue
        raise Stopped

    def fail(self, error: BaseException) -> None:
        self.errors.append(error)
        self.stop.set()

    def earlier_blocked(self, index: int) -> bool:
        """Is the session of a chunk before ``index`` waiting for a lock (on this session's
        rows, maybe, or on another claim's)?"""
        pids = [pid for i, pid in list(self.in_flight.items()) if i < index]
        if not pids:
            return False
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT FROM unnest(%s::integer[]) p "
                "WHERE cardinality(pg_blocking_pids(p)) > 0)",
                [pids],
            )
            return cursor.fetchone()[0]


@dataclass
class Turn:
    """A chunk's place in the file. Chunks are stored at once but commit in file order (each
    after the one before it), so that a repeat within the file is refused in its later row
    and a chunk tried again through the staging table sees every earlier row."""

    index: int
    before: threading.Event | None  # set once the chunk before this one has committed
    done: threading.Event
    lanes: Lanes | None = None

    def settled(self) -> bool:
        """Has every chunk before this one committed?"""
        return self.before is None or self.before.is_set()

    def wait(self, *, holding: bool) -> None:
        """Until the chunk before this one has committed. A chunk ``holding`` uncommitted rows
        steps back (``StepBack``: it rolls back, waits without them and tries again) as soon
        as an earlier chunk waits for a lock: perhaps for one of this chunk's invoices, which
        it repeats, perhaps for another claim's run that waits for this one. Waiting for each
        other in the database alone, PostgreSQL would break the circle; this wait it cannot
        see."""
        if self.before is None or self.lanes is None:
            return
        while not self.before.wait(POLL_SECONDS):
            if self.lanes.stop.is_set():
                raise Stopped
            if holding and self.lanes.earlier_blocked(self.index):
                raise StepBack


ALONE = Turn(0, None, threading.Event())  # one chunk after another: every turn has come


def _lane(lanes: Lanes, store: Callable[[T, Turn], None], language: str | None) -> None:
    """One storing thread of ``store_in_lanes``, in a database session of its own."""
    try:
        with translation.override(language):
            connection.ensure_connection()
            pid = connection.connection.get_backend_pid()
            while (item := lanes.take()) is not None:
                chunk, turn = item
                lanes.in_flight[turn.index] = pid
                try:
                    store(chunk, turn)
                finally:
                    del lanes.in_flight[turn.index]
                turn.done.set()
    except Stopped:
        pass
    except BaseException as error:
        lanes.fail(error)
    finally:
        connection.close()


def store_in_lanes(chunks: Generator[T, None, None], store: Callable[[T, Turn], None]) -> None:
    """``LANES`` threads, each with a database session of its own, ``store`` the chunks this
    thread reads and hands out, each with its ``Turn``: a second session's COPY overlaps the first's index upkeep
    and WAL flushes (a million rows take about a third less time). Raises the first lane's error."""
    lanes = Lanes()
    language = translation.get_language()  # the reasons' language is this thread's
    threads = [
        threading.Thread(
            target=_lane, args=(lanes, store, language), name=f"register-lane-{n}", daemon=True
        )
        for n in range(LANES)
    ]
    for thread in threads:
        thread.start()
    try:
        with closing(chunks):
            before = None
            for index, chunk in enumerate(chunks):
                turn = Turn(index, before, threading.Event(), lanes)
                lanes.hand_out((chunk, turn))
                before = turn.done
        for _thread in threads:
            lanes.hand_out(None)
    except Stopped:
        pass
    except BaseException:
        lanes.stop.set()
        raise
    finally:
        for thread in threads:
            thread.join()
    if lanes.errors:
        raise lanes.errors[0]
