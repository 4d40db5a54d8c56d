"""Conveniences that a lower layer offers and a higher layer implements.

A data class offers methods whose work belongs to a layer above it: ``LiveFlow`` displays
as a diagram in Jupyter, ``Report.to_sarif()`` writes SARIF, ``VersionDiff.to_text()``
writes text.  Importing those layers from the data class would point an import upward and
close a cycle.  Instead, the low module declares a :class:`Hook` with the signature the
method needs, and the module that implements it registers itself on the hook::

    # low layer (diffs/model.py)
    @Hook.implemented_in("liveflow_graph.diffs.render.text")
    def render_text(diff: VersionDiff, *, color: bool = False) -> str:
        \"\"\"The diff as text.\"\"\"
        raise AssertionError("a prototype: the hook calls its implementation")

    # high layer (diffs/render/text.py)
    @render_text.register
    def to_text(diff: VersionDiff, *, color: bool = False) -> str: ...

Each hook names the module that implements it (``@Hook.implemented_in("...")``); its
first call imports that module, which registers the implementation.  So nothing has to
import the renderers up front, and the architecture still points one way: the low module
names the high one only as a string.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from importlib import import_module
from pathlib import Path
from typing import Any, Generic, ParamSpec, Protocol, TypeVar

__all__ = ["Drawable", "DrawingLike", "Hook", "draw", "mimebundle"]

_P = ParamSpec("_P")
_R = TypeVar("_R")
_Q = ParamSpec("_Q")
_S = TypeVar("_S")


class Hook(Generic[_P, _R]):
    """A function declared by its signature (``prototype``) and implemented elsewhere.

    ``provider`` names the module that implements it: the first call imports that module
    (which registers the implementation), so nothing has to import the renderers up front
    and ``import liveflow_graph`` stays cheap.
    """

    def __init__(self, prototype: Callable[_P, _R], provider: str | None = None) -> None:
        self.name = f"{prototype.__module__}.{prototype.__qualname__}"
        self.__doc__ = prototype.__doc__
        self.provider = provider
        self._impl: Callable[_P, _R] | None = None

    @staticmethod
    def implemented_in(provider: str) -> Callable[[Callable[_Q, _S]], Hook[_Q, _S]]:
        """``@Hook.implemented_in("pkg.module")``: a hook whose implementation
        ``pkg.module`` registers when it is imported (on the hook's first call)."""

        def declare(prototype: Callable[_Q, _S]) -> Hook[_Q, _S]:
            return Hook(prototype, provider)

        return declare

    def register(self, impl: Callable[_P, _R]) -> Callable[_P, _R]:
        """Make ``impl`` the implementation (a decorator; the last registration wins)."""
        self._impl = impl
        return impl

    def __call__(self, *args: _P.args, **kwargs: _P.kwargs) -> _R:
        impl = self._impl
        if impl is None and self.provider is not None:
            import_module(self.provider)  # registers the implementation
            impl = self._impl
        if impl is None:
            raise RuntimeError(f"{self.name} has no implementation (nothing registered it)")
        return impl(*args, **kwargs)

    def __repr__(self) -> str:
        state = "unset" if self._impl is None else self._impl.__qualname__
        return f"<Hook {self.name}: {state}>"


@Hook.implemented_in("liveflow_graph.diagrams.display")
def mimebundle(obj: object) -> dict[str, object]:
    """The MIME bundle Jupyter shows for a flow, version, session or flow graph
    (implemented by :mod:`liveflow_graph.diagrams.display`)."""
    raise AssertionError("a prototype: the hook calls its implementation")


class DrawingLike(Protocol):
    """What :meth:`Drawable.draw` returns (a :class:`liveflow_graph.Drawing`): a diagram
    that Jupyter displays and that saves as SVG, PNG, DOT or Mermaid."""

    def to_dot(self) -> str: ...
    def to_svg(self) -> str: ...
    def to_png(self, scale: float = 2.0) -> bytes: ...
    def to_mermaid(self) -> str: ...
    def save(self, path: str | os.PathLike[str], *, format: str | None = None) -> Path: ...
    def _repr_mimebundle_(
        self, include: object = None, exclude: object = None
    ) -> dict[str, object]: ...


@Hook.implemented_in("liveflow_graph.diagrams.drawing")
def draw(
    obj: object,
    *,
    findings: Iterable[Any] | bool,
    session: Any,
    sessions: bool,
    focus: str | None,
    radius: int,
    rankdir: str,
    legend: bool,
    title: bool,
) -> DrawingLike:
    """The drawing of a flow, version, ref, session or flow graph
    (implemented by :mod:`liveflow_graph.diagrams.drawing`)."""
    raise AssertionError("a prototype: the hook calls its implementation")


class Drawable:
    """The ``draw()`` of flows, versions, version refs, sessions and flow graphs."""

    __slots__ = ()

    def draw(
        self,
        *,
        findings: Iterable[Any] | bool = (),
        session: Any = None,
        sessions: bool = False,
        focus: str | None = None,
        radius: int = 1,
        rankdir: str = "TB",
        legend: bool = True,
        title: bool = True,
    ) -> DrawingLike:
        """This flow (its current version), version or session as a diagram, in one call:
        it displays in Jupyter and ``.save("flow.svg" | "flow.png" | "flow.dot" | ...)``
        writes it.

        ``findings``: diagnostics to draw (a :class:`~liveflow_graph.Report` or a list),
        or ``True`` to validate now and draw what is found; ``session``: a session (or its
        id) whose path to draw (a session draws its own by default); ``sessions``: count
        every session on each step; ``focus`` (a step id or name) and ``radius``: only the
        steps that near it; ``rankdir``, ``legend``, ``title``: as in
        :class:`~liveflow_graph.DiagramOptions`.  Raises
        :class:`~liveflow_graph.ConfigError` for options the flow cannot satisfy.
        """
        return draw(
            self,
            findings=findings,
            session=session,
            sessions=sessions,
            focus=focus,
            radius=radius,
            rankdir=rankdir,
            legend=legend,
            title=title,
        )
