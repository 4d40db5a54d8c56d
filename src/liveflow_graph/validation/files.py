"""Which files a run checks: the paths given on the command line, with directories searched
for ``*.json`` and glob patterns expanded, as ruff finds Python files.

* A file named explicitly is always checked (even when ignored by git, and when excluded
  unless ``force_exclude``), and a path that does not exist is kept so that reading it
  reports the problem.
* A directory is searched recursively for ``*.json`` files (listed in path order, part by
  part); hidden
  directories and :data:`SKIPPED_DIRECTORIES` are not entered, and neither is anything a
  ``.gitignore`` ignores (those inside the directory, and those of its parents up to the
  root of its git repository) or an ``exclude`` pattern of the settings that apply there.
* A pattern with ``*``, ``?`` or ``[`` that names no existing path is expanded (``**``
  matches any depth); what it finds is treated like a directory's contents.

``exclude`` patterns use ``.gitignore`` syntax, relative to the directory of the settings
file they come from (the current directory for ``--exclude``).  Each file appears once,
at its first mention; the order is otherwise the order of the arguments.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pathspec

__all__ = ["SKIPPED_DIRECTORIES", "Exclusions", "find_files"]

SKIPPED_DIRECTORIES = frozenset(
    {"node_modules", "__pycache__", "site-packages", "venv", "build", "dist", "_build"}
)
"""Directory names never searched (besides hidden ones such as ``.git`` or ``.venv``)."""

_GLOB_CHARS = frozenset("*?[")


@dataclass(frozen=True, slots=True)
class Exclusions:
    """``exclude`` patterns and the directory they are relative to."""

    patterns: tuple[str, ...]
    root: Path

    def spec(self) -> pathspec.GitIgnoreSpec | None:
        return pathspec.GitIgnoreSpec.from_lines(self.patterns) if self.patterns else None


def find_files(
    arguments: Sequence[str],
    *,
    exclusions_for: Callable[[Path], Iterable[Exclusions]] = lambda _: (),
    respect_gitignore: bool = True,
    force_exclude: bool = False,
    skip: Iterable[str | Path] = (),
) -> list[str]:
    """The inputs ``arguments`` name (see the module docstring), as strings in the form the
    user gave (``-`` stays ``-``).  ``exclusions_for(directory)`` gives the ``exclude``
    settings that apply in a directory; with ``force_exclude`` they apply to files named
    explicitly too (what a pre-commit hook, which names every staged file, needs).  Files
    in ``skip`` (the run's own baseline and report) are never found in a directory."""
    skipped = {Path(p).resolve() for p in skip}
    seen: set[str] = set()
    found: list[str] = []

    def add(path: str) -> None:
        key = path if path == "-" else os.path.normpath(path)
        if key not in seen:
            seen.add(key)
            found.append(path)

    walker = _Walker(exclusions_for, respect_gitignore)
    for argument in arguments:
        if argument == "-":
            add(argument)
        elif os.path.isfile(argument):
            path = Path(argument)
            if not (force_exclude and walker.excluded(path, path.parent, is_dir=False, git=False)):
                add(argument)
        elif os.path.isdir(argument):
            for path in sorted(walker.walk(Path(argument), Path(argument)), key=_order):
                if path.resolve() not in skipped:
                    add(str(path))
        elif _GLOB_CHARS & set(argument) and (
            matches := sorted(glob.glob(argument, recursive=True))
        ):
            for match in matches:
                target = Path(match)
                if target.is_dir():
                    found_here = iter(sorted(walker.walk(target, target), key=_order))
                elif not walker.excluded(target, target.parent, is_dir=False):
                    found_here = iter((target,))
                else:
                    continue
                for path in found_here:
                    if path.resolve() not in skipped:
                        add(str(path))
        else:
            add(argument)  # missing: reading it reports the problem
    return found


class _Walker:
    def __init__(
        self, exclusions_for: Callable[[Path], Iterable[Exclusions]], respect_gitignore: bool
    ) -> None:
        self.exclusions_for = exclusions_for
        self.respect_gitignore = respect_gitignore
        self._ignores = lru_cache(maxsize=None)(self._gitignore_specs)
        self._excludes = lru_cache(maxsize=None)(self._exclude_specs)

    def walk(self, top: Path, stop: Path) -> Iterator[Path]:
        """The ``*.json`` files under ``top`` that are not excluded, in sorted order
        (``stop``: how far up ``.gitignore`` files count outside a git repository)."""
        for folder, dirs, files in os.walk(top):
            here = Path(folder)
            dirs[:] = sorted(
                d
                for d in dirs
                if not d.startswith(".")
                and d not in SKIPPED_DIRECTORIES
                and not self.excluded(here / d, stop, is_dir=True)
            )
            for name in sorted(files):
                path = here / name
                if name.endswith(".json") and not self.excluded(path, stop, is_dir=False):
                    yield path

    def excluded(self, path: Path, stop: Path, *, is_dir: bool, git: bool = True) -> bool:
        folder = path.parent.resolve()
        absolute = folder / path.name
        for root, spec in self._excludes(folder):
            if _matches(spec, absolute, root, is_dir):
                return True
        if not (git and self.respect_gitignore):
            return False
        for root, spec in self._ignores(folder, stop.resolve()):  # deepest first: last word
            relative = _relative(absolute, root, is_dir)
            if relative is None:
                continue
            verdict = spec.check_file(relative).include
            if verdict is not None:
                return bool(verdict)
        return False

    def _exclude_specs(self, folder: Path) -> tuple[tuple[Path, pathspec.GitIgnoreSpec], ...]:
        found = []
        for exclusions in self.exclusions_for(folder):
            spec = exclusions.spec()
            if spec is not None:
                found.append((exclusions.root.resolve(), spec))
        return tuple(found)

    def _gitignore_specs(
        self, folder: Path, stop: Path
    ) -> tuple[tuple[Path, pathspec.GitIgnoreSpec], ...]:
        """The ``.gitignore`` files that apply in ``folder``, deepest first, up to the root
        of its git repository (up to ``stop`` when it is in no repository)."""
        chain: list[Path] = []
        for directory in (folder, *folder.parents):
            chain.append(directory)
            if (directory / ".git").exists():
                break
        else:
            chain = [d for d in chain if d == stop or stop in d.parents]
        specs = []
        for directory in chain:
            ignore = directory / ".gitignore"
            if ignore.is_file():
                try:
                    lines = ignore.read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    continue
                specs.append((directory, pathspec.GitIgnoreSpec.from_lines(lines)))
        return tuple(specs)


def _order(path: Path) -> tuple[str, ...]:
    return path.parts


def _relative(path: Path, root: Path, is_dir: bool) -> str | None:
    try:
        relative = path.relative_to(root).as_posix()
    except ValueError:
        return None
    return relative + "/" if is_dir else relative


def _matches(spec: pathspec.GitIgnoreSpec, path: Path, root: Path, is_dir: bool) -> bool:
    relative = _relative(path, root, is_dir)
    return relative is not None and bool(spec.match_file(relative))
