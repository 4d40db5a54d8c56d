"""Conveniences that a lower layer offers and a higher layer implements.

A data class offers methods whose work belongs to a layer above it: ``LiveFlow`` displays
as a diagram in Jupyter, ``Report.to_sarif()`` writes SARIF, ``VersionDiff.to_text()``
writes text.  Importing those layers from the data class would point an import upward and
close a cycle.  Instead, the low module declares a :class:`Hook` with the signature the
method needs, and the module that implements it registers itself on the hook::

    # low layer (diffs/model.py)
    @Hook
    def render_text(diff: VersionDiff, *, color: bool = False) -> str:
        \"\"\"The diff as text.\"\"\"
        raise AssertionError("a prototype: the hook calls its implementation")

    # high layer (diffs/render/text.py)
    @render_text.register
    def to_text(diff: VersionDiff, *, color: bool = False) -> str: ...

The package ``liveflow_graph/__init__.py``, which Python runs before any of its modules,
imports every implementing module, so a hook is always filled by the time a user calls it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

__all__ = ["Hook"]

_P = ParamSpec("_P")
_R = TypeVar("_R")


class Hook(Generic[_P, _R]):
    """A function declared by its signature (``prototype``) and implemented elsewhere."""

    def __init__(self, prototype: Callable[_P, _R]) -> None:
        self.name = f"{prototype.__module__}.{prototype.__qualname__}"
        self.__doc__ = prototype.__doc__
        self._impl: Callable[_P, _R] | None = None

    def register(self, impl: Callable[_P, _R]) -> Callable[_P, _R]:
        """Make ``impl`` the implementation (a decorator; the last registration wins)."""
        self._impl = impl
        return impl

    def __call__(self, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        impl = self._impl
        if impl is None:  # only when a module is loaded without its package's __init__
            raise RuntimeError(f"{self.name} has no implementation: import liveflow_graph first")
        return impl(*args, **kwargs)

    def __repr__(self) -> str:
        state = "unset" if self._impl is None else self._impl.__qualname__
        return f"<Hook {self.name}: {state}>"


@Hook
def mimebundle(obj: object) -> dict[str, object]:
    """The MIME bundle Jupyter shows for a flow, version, session or flow graph
    (implemented by :mod:`liveflow_graph.diagrams.display`)."""
    raise AssertionError("a prototype: the hook calls its implementation")
