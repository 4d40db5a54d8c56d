"""Finding a secret (the API key) in text a server sent back, in whatever form it took, and
hiding it: in message text (:func:`redact`) and in log records (:func:`hidden_in_logs`).

A server that received the key can echo it in a body, a header, a redirect or a reason
phrase, and not always verbatim.  :func:`redact` reads the text in several *views*: as it
is, and decoded by up to two layers of JSON/Python escapes (``\\u006c``, ``\\x6c``,
``\\n``; any other character after a backslash stands for itself: ``\\/``, ``\\\\``,
``\\_``), percent-encoding (``%6C``, ``%256C``) and HTML character references, in any mix.
Character references are read as a browser (and :func:`html.unescape`) reads them: decimal
or hexadecimal, with any number of leading zeros (``&#108;``, ``&#X006C;``), every HTML5
name (``&lowbar;``; also in another case, ``&Lowbar;``), and without their ``;``
(``&#x6c``, ``&amp``): a text cut in the middle of a reference still shows what it stands
for.  In each view the characters that do not show (white space, control and format
characters such as U+0000 or U+200B) are skipped, so ``l\\u0000f k`` reads as
``lfk``.  It then hides, in the original text:

- every run of :data:`WINDOW` consecutive characters of the secret (so the whole secret, and
  any long piece of it a server cut out);
- a piece of at least :data:`CUT` characters at a cut: the secret's beginning at the end of
  the text or before an ellipsis (``...``, ``…``), its end at the start of the text or after
  one.  A text cut short by a size limit, or a value quoted as ``'abc...'``, cannot show a
  long prefix or suffix of the secret.

Each hidden stretch of the original text, separators and escapes included, becomes
:data:`MASK`.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from html.entities import html5
from typing import Final

__all__ = ["CUT", "LOGGERS", "MASK", "WINDOW", "hidden_in_logs", "redact", "secret_spans"]

MASK: Final = "***"
WINDOW: Final = 8
"""Any run of this many consecutive characters of the secret is hidden."""
CUT: Final = 4
"""A piece of the secret this long (or longer) is hidden at a cut (text edge, ellipsis)."""
LOGGERS: Final = ("httpx", "httpcore", "liveflow_graph.api.client")
"""The loggers (and their children) whose records :func:`hidden_in_logs` scrubs."""

_LAYERS: Final = 2
"""How many layers of encoding a view undoes (a percent-encoded key inside JSON: two)."""
_ELLIPSIS: Final = re.compile(r"\.\.\.|…")
_DIGITS: Final = 8
"""More significant digits than this in a character reference: beyond U+10FFFF either way."""
_LONGEST_NAME: Final = max(map(len, html5))
_ESCAPED: Final = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


@dataclass(frozen=True, slots=True)
class _View:
    """Text as decoded characters, each with the span of the original text it came from."""

    chars: str
    starts: list[int]
    ends: list[int]


@dataclass(frozen=True, slots=True)
class _Decoder:
    """One kind of escape: a trigger character, the pattern, and what a match stands for.

    ``convert`` gives the decoded text and how many characters of the match it replaces (the
    rest of the match stays as it is), or ``None`` when the match is no escape after all.
    """

    trigger: str
    pattern: re.Pattern[str]
    convert: Callable[[re.Match[str]], tuple[str, int] | None]


def _code_point(digits: str, base: int) -> str:
    value = int(digits, base)
    return chr(value) if value <= 0x10FFFF else "\ufffd"


def _utf8(prefix: str) -> str:
    """A pattern for one character as escaped bytes (``%E2%80%8B``, ``\\xe2\\x80\\x8b``):
    a UTF-8 sequence, or else a single byte."""
    byte = rf"{prefix}[0-9a-fA-F]{{2}}"
    follow = rf"{prefix}[89abAB][0-9a-fA-F]"
    return (
        rf"{prefix}[cdCD][0-9a-fA-F]{follow}|{prefix}[eE][0-9a-fA-F]{follow}{follow}"
        rf"|{prefix}[fF][0-7]{follow}{follow}{follow}|{byte}"
    )


def _bytes_char(escaped: str, prefix: str) -> str:
    """The character escaped bytes stand for: UTF-8, a single byte as Latin-1."""
    data = bytes(int(pair, 16) for pair in escaped.split(prefix)[1:])
    if len(data) == 1:
        return chr(data[0])
    try:
        char = data.decode("utf-8")
    except UnicodeDecodeError:
        return "\ufffd"
    return char if len(char) == 1 else "\ufffd"


def _backslash(match: re.Match[str]) -> tuple[str, int]:
    unicode, hexa, simple = match.groups()
    if unicode is not None:
        return _code_point(unicode, 16), len(match.group())
    if hexa is not None:
        return _bytes_char(hexa, "\\x"), len(match.group())
    return _ESCAPED.get(simple, simple), len(match.group())


def _percent(match: re.Match[str]) -> tuple[str, int]:
    return _bytes_char(match.group(), "%"), len(match.group())


def _reference(match: re.Match[str]) -> tuple[str, int] | None:
    """A character reference: a number, or the longest start of the name that is an HTML5
    entity name (exactly, else in lower case), as :func:`html.unescape` reads it."""
    decimal, hexa, name = match.groups()
    if name is None:
        digits = (decimal if decimal is not None else hexa).lstrip("0") or "0"
        if len(digits) > _DIGITS:  # (int() of a long run of digits is slow, then refused)
            return "\ufffd", len(match.group())
        return _code_point(digits, 10 if decimal is not None else 16), len(match.group())
    for size in range(len(name), 1, -1):
        start = name[:size]
        value = html5.get(start) or html5.get(start.lower())
        if value is not None:
            return value, 1 + size
    return None


_BYTE_ESCAPE: Final = _utf8(r"\\x")
_DECODERS: Final = (
    _Decoder(
        "\\",
        re.compile(rf"\\u([0-9a-fA-F]{{4}})|({_BYTE_ESCAPE})|\\(.)", re.DOTALL),
        _backslash,
    ),
    _Decoder("%", re.compile(_utf8("%")), _percent),
    # html.unescape's pattern: the name stops at white space, "<", "&", "#" or ";"
    _Decoder(
        "&",
        re.compile(
            rf"&(?:#([0-9]+);?|#[xX]([0-9a-fA-F]+);?|([^\t\n\f <&#;]{{1,{_LONGEST_NAME}}};?))"
        ),
        _reference,
    ),
)


def _raw(text: str) -> _View:
    return _View(text, list(range(len(text))), list(range(1, len(text) + 1)))


def _decode(view: _View, decoder: _Decoder) -> _View:
    """``view`` with one layer of ``decoder``'s escapes replaced by what they stand for (each
    decoded character spans the whole escape in the original text)."""
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    done = 0
    for match in decoder.pattern.finditer(view.chars):
        decoded = decoder.convert(match)
        if decoded is None:
            continue
        text, size = decoded
        begin = match.start()
        chars.append(view.chars[done:begin])
        starts += view.starts[done:begin]
        ends += view.ends[done:begin]
        chars.append(text)
        starts += [view.starts[begin]] * len(text)
        ends += [view.ends[begin + size - 1]] * len(text)
        done = begin + size
    chars.append(view.chars[done:])
    starts += view.starts[done:]
    ends += view.ends[done:]
    return _View("".join(chars), starts, ends)


def _views(text: str) -> Iterator[_View]:
    """``text`` as it is, then decoded by each mix of up to :data:`_LAYERS` decoders (only
    those whose trigger character is there to decode)."""
    level = [_raw(text)]
    seen = {text}
    yield level[0]
    for _ in range(_LAYERS):
        following: list[_View] = []
        for view in level:
            for decoder in _DECODERS:
                if decoder.trigger not in view.chars:
                    continue
                decoded = _decode(view, decoder)
                if decoded.chars not in seen:
                    seen.add(decoded.chars)
                    following.append(decoded)
                    yield decoded
        level = following


def _shows(char: str) -> bool:
    return char.isprintable() and not char.isspace()


def _visible(view: _View) -> _View:
    """``view`` without the characters that do not show (white space, control, format)."""
    if view.chars.isprintable() and " " not in view.chars:  # the only printable space
        return view
    kept = [i for i, char in enumerate(view.chars) if _shows(char)]
    return _View(
        "".join(view.chars[i] for i in kept),
        [view.starts[i] for i in kept],
        [view.ends[i] for i in kept],
    )


def _windows(chars: str, secret: str) -> Iterator[tuple[int, int]]:
    """Where ``chars`` holds :data:`WINDOW` consecutive characters of ``secret``."""
    width = min(WINDOW, len(secret))
    for gram in {secret[i : i + width] for i in range(len(secret) - width + 1)}:
        found = chars.find(gram)
        while found >= 0:
            yield found, found + width
            found = chars.find(gram, found + 1)


def _cuts(chars: str, secret: str) -> Iterator[tuple[int, int]]:
    """Where ``chars`` holds a piece of ``secret`` of :data:`CUT` or more characters at a cut:
    its beginning before the end or an ellipsis, its end after the start or an ellipsis."""
    ellipses = [match.span() for match in _ELLIPSIS.finditer(chars)]
    for end in [*(begin for begin, _ in ellipses), len(chars)]:
        for size in range(min(len(secret), end), CUT - 1, -1):
            if chars.startswith(secret[:size], end - size):
                yield end - size, end
                break
    for start in [0, *(end for _, end in ellipses)]:
        for size in range(min(len(secret), len(chars) - start), CUT - 1, -1):
            if chars.startswith(secret[-size:], start):
                yield start, start + size
                break


def secret_spans(text: str, secret: str) -> list[tuple[int, int]]:
    """The stretches of ``text`` (``(start, end)``, sorted, not overlapping) that show
    ``secret`` or a piece of it, in any view (see the module's documentation)."""
    if not secret:
        return []
    found: list[tuple[int, int]] = []
    for view in map(_visible, _views(text)):
        for begin, end in (*_windows(view.chars, secret), *_cuts(view.chars, secret)):
            found.append((view.starts[begin], view.ends[end - 1]))
    return _merged(found)


def _merged(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def redact(text: str, secret: str, *, keep: int | None = None) -> str:
    """``text`` with every stretch that shows ``secret`` replaced by :data:`MASK`.

    With ``keep``, only the first ``keep`` characters of ``text`` are returned, but the
    secret is looked for in all of it: one that crosses the cut is hidden whole.
    """
    limit = len(text) if keep is None else min(keep, len(text))
    pieces: list[str] = []
    done = 0
    for start, end in secret_spans(text, secret):
        if start >= limit:
            break
        pieces += [text[done:start], MASK]
        done = end
    pieces.append(text[done:limit])
    return "".join(pieces)


class _RecordFilter(logging.Filter):
    """Hides the secrets in use from each record's message (and its formatted exception)."""

    def __init__(self) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._held: Counter[str] = Counter()
        self._active: tuple[str, ...] = ()

    @contextmanager
    def holding(self, secret: str) -> Iterator[None]:
        """``secret`` is hidden from the records logged while in the block."""
        self._change(secret, +1)
        try:
            yield
        finally:
            self._change(secret, -1)

    def _change(self, secret: str, step: int) -> None:
        with self._lock:
            self._held[secret] += step
            self._held = +self._held  # drops the secrets no longer held
            self._active = tuple(self._held)

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = self._active
        if not secrets:
            return True
        message = record.getMessage()
        hidden = _hide_all(message, secrets)
        if hidden != message:
            record.msg, record.args = hidden, None
        if record.exc_info and not record.exc_text:
            record.exc_text = _hide_all(
                logging.Formatter().formatException(record.exc_info), secrets
            )
        return True


def _hide_all(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        text = redact(text, secret)
    return text


_FILTER: Final = _RecordFilter()


def _install() -> None:
    """Put the one record filter on :data:`LOGGERS` and their children (once each: a filter
    acts only on the records of the logger it is on, not on those its children pass up)."""
    known = list(logging.Logger.manager.loggerDict)  # (a copy: other threads add loggers)
    names = {*LOGGERS, *(n for n in known if n.startswith(tuple(f"{p}." for p in LOGGERS)))}
    for name in sorted(names):
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


@contextmanager
def hidden_in_logs(secret: str) -> Iterator[None]:
    """While in the block, ``secret`` is hidden (as :func:`redact` hides it) from every record
    of httpx, httpcore (whose DEBUG trace prints response headers verbatim, and whose INFO
    line names the reason phrase) and this client, in every thread.

    The filter stays on those loggers afterwards, doing nothing while no secret is held.
    """
    if not secret:
        yield
        return
    _install()
    with _FILTER.holding(secret):
        yield
