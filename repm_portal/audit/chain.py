"""The chain's arithmetic: canonical form of an event and its HMAC (R-ACL-4). No ORM here."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder


def to_json_value(value: Any) -> Any:
    """The value as it reads back from a JSON column (Decimals and dates become strings)."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _mac(message: str) -> str:
    key = settings.AUDIT_HMAC_KEY.encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def event_hash(fields: dict[str, Any]) -> str:
    """HMAC-SHA256 of the event's fields (including seq and prev_hash), canonically ordered."""
    at: datetime = fields["at"]
    canonical = dict(fields, at=at.astimezone(UTC).isoformat(timespec="microseconds"))
    text = json.dumps(canonical, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return _mac(text)


def head_mac(last_seq: int, last_hash: str) -> str:
    return _mac(f"head:{last_seq}:{last_hash}")


HASHED_FIELDS = (
    "seq",
    "at",
    "actor_id",
    "actor_label",
    "action",
    "object_type",
    "object_id",
    "object_label",
    "before",
    "after",
    "request_id",
    "ip",
    "prev_hash",
)


def fields_of(event: Any) -> dict[str, Any]:
    return {name: getattr(event, name) for name in HASHED_FIELDS}


def constant_time_equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
