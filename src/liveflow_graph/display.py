"""Rich display in Jupyter: the MIME bundle of flows, versions and sessions."""

from __future__ import annotations

__all__ = ["mimebundle"]


def mimebundle(obj: object) -> dict[str, object]:
    """The MIME bundle Jupyter shows for ``obj``; never raises."""
    return {"text/plain": repr(obj)}
