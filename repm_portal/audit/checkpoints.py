"""Signed checkpoints of the audit chain, kept outside the database it protects (R-ACL-4).

A checkpoint says "the chain's entry N had hash H at time T", signed with
``AUDIT_CHECKPOINT_KEY`` (a setting, never stored in the database). Checkpoints are appended, one
JSON line each, to ``AUDIT_CHECKPOINT_PATH``, a file the portal only ever opens for appending and
that a deployment puts where the database role cannot reach (a write-once volume); the latest is
also e-mailed daily to the audit officer. Whoever can rewrite the database, even with the chain's
HMAC key, cannot make the chain shorter than, or different from, a checkpoint without
``audit_verify`` saying so. No ORM here.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    at: str  # ISO 8601, UTC
    mac: str

    def line(self) -> str:
        return json.dumps(
            {"seq": self.seq, "hash": self.hash, "at": self.at, "mac": self.mac},
            separators=(",", ":"),
        )

    @property
    def time(self) -> datetime:
        return datetime.fromisoformat(self.at)


@dataclass(frozen=True)
class BadLine:
    """A line of the checkpoint file that is not a checkpoint signed with the portal's key."""

    number: int
    text: str


def checkpoint_mac(seq: int, digest: str, at: str) -> str:
    key = settings.AUDIT_CHECKPOINT_KEY.encode()
    return hmac.new(key, f"checkpoint:{seq}:{digest}:{at}".encode(), hashlib.sha256).hexdigest()


def checkpoint_make(seq: int, digest: str, at: datetime | None = None) -> Checkpoint:
    stamp = (at or datetime.now(UTC)).astimezone(UTC).isoformat(timespec="seconds")
    return Checkpoint(seq, digest, stamp, checkpoint_mac(seq, digest, stamp))


def checkpoint_parse(text: str) -> Checkpoint | None:
    """The checkpoint a line holds, or None if it is malformed or its signature does not hold."""
    try:
        data = json.loads(text)
        point = Checkpoint(int(data["seq"]), str(data["hash"]), str(data["at"]), str(data["mac"]))
        point.time  # noqa: B018  (a readable time, or ValueError)
    except (ValueError, TypeError, KeyError):
        return None
    expected = checkpoint_mac(point.seq, point.hash, point.at)
    return point if hmac.compare_digest(expected, point.mac) else None


def checkpoint_path() -> Path:
    return Path(settings.AUDIT_CHECKPOINT_PATH)


def checkpoints_read(path: Path | None = None) -> tuple[list[Checkpoint], list[BadLine]]:
    """Every checkpoint in the file, in the order written, and the lines that are not ones."""
    path = path or checkpoint_path()
    points: list[Checkpoint] = []
    bad: list[BadLine] = []
    try:
        with path.open(encoding="utf-8") as file:
            for number, text in enumerate(file, start=1):
                if not text.strip():
                    continue
                point = checkpoint_parse(text)
                if point is None:
                    bad.append(BadLine(number, text.strip()[:200]))
                else:
                    points.append(point)
    except FileNotFoundError:
        pass
    return points, bad


def checkpoint_stamp() -> tuple[int, ...] | None:
    """The checkpoint file's device, inode, size and times of last change (the status change
    time, which no one can set back, too): it changes with every line appended and with the
    file replaced. A page that shows the file varies with it."""
    try:
        stat = checkpoint_path().stat()
    except FileNotFoundError:
        return None
    return stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns


def checkpoint_latest() -> Checkpoint | None:
    points, _bad = checkpoints_read()
    return max(points, key=lambda p: p.seq, default=None)


_shown: dict[str, tuple[tuple[int, ...], Checkpoint | None]] = {}


def checkpoint_latest_shown() -> Checkpoint | None:
    """``checkpoint_latest()``, read again only when the file has changed (``checkpoint_stamp``),
    for the audit page: the file grows by 96 lines a day, and the page would otherwise read and
    check every line on every view. What guards the chain (``audit/services.py``) reads the file
    each time."""
    stamp = checkpoint_stamp()
    if stamp is None:
        return None
    path = str(checkpoint_path())
    known = _shown.get(path)
    if known is None or known[0] != stamp:
        known = _shown[path] = (stamp, checkpoint_latest())
    return known[1]


def checkpoint_append(point: Checkpoint) -> None:
    """Append one line (O_APPEND: the portal never truncates or rewrites the file), synced."""
    path = checkpoint_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o640)
    try:
        os.write(fd, (point.line() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)
