"""When and how long to retry an API request: exponential backoff, jitter, ``Retry-After``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Final

from liveflow_graph.errors import ConfigError

__all__ = ["RetryPolicy", "parse_retry_after"]

_SECONDS: Final = re.compile(r"[0-9]+(?:\.[0-9]+)?")


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how long to wait before retrying a failed request.

    A request is tried at most ``retries + 1`` times.  Before retry ``n`` (0-based) the
    client waits ``min(max_backoff, backoff * 2**n)`` seconds scaled by a jitter factor in
    ``[0.5, 1.0)`` (“equal jitter”), unless the server sent ``Retry-After`` (seconds or an
    HTTP date), which is honoured exactly up to ``max_retry_after`` seconds.
    """

    retries: int = 3
    backoff: float = 0.5
    max_backoff: float = 30.0
    max_retry_after: float = 60.0

    def __post_init__(self) -> None:
        if self.retries < 0:
            raise ConfigError(f"retries must be 0 or more, got {self.retries}")
        for name in ("backoff", "max_backoff", "max_retry_after"):
            value = getattr(self, name)
            if not value >= 0 or value == float("inf"):
                raise ConfigError(f"{name} must be a finite number of seconds >= 0, got {value}")

    def delay(self, retry: int, *, retry_after: float | None, jitter: float) -> float:
        """Seconds to wait before retry number ``retry`` (0-based).

        ``jitter`` is a random number in ``[0, 1)``; ``retry_after`` the server's
        ``Retry-After`` in seconds, if it sent one.
        """
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        base = min(self.max_backoff, self.backoff * 2.0 ** min(retry, 64))
        return base * (0.5 + 0.5 * min(max(jitter, 0.0), 1.0))


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """``Retry-After`` in seconds (from delta-seconds or an HTTP date), or ``None``.

    ``now`` is the current Unix time, used for dates; a date in the past gives ``0``.
    """
    if value is None:
        return None
    text = value.strip()
    if _SECONDS.fullmatch(text):
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
        if moment.tzinfo is None:  # RFC 9110 dates are in GMT; a zone-less one is not one
            return None
        return max(moment.timestamp() - now, 0.0)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
