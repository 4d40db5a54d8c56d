"""A server that echoes the API key back, in any form, never gets it into a message, an
exception or a log record: escaped, percent-encoded, split by invisible characters, cut by
a size limit, in a header, a redirect, a reason phrase or a value the parser quotes."""

from __future__ import annotations

import html
import html.entities
import json
import logging
import re
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final
from urllib.parse import quote, unquote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import liveflow_graph
from liveflow_graph import ClientError, LiveFlowError, SchemaError, TrueStateClient
from liveflow_graph.cli import main
from tests.api.conftest import MakeClient
from tests.api.helpers import JSON, KEY, base_url

WINDOW: Final = 8
SEPARATORS: Final = (
    "\x00",
    " ",
    "\t",
    "\n",
    "\r\n",
    "\x1b",
    "\x7f",
    "\x85",
    "\xa0",
    "\u200b",
    "\u202e",
    "\u2028",
    "\ufeff",
)
VISIBLE: Final = st.characters(min_codepoint=0x21, max_codepoint=0x7E)
# Text a traceback or message may quote that is ours, not the server's: a key whose piece
# is also a word of our code (say "_payload") would "show" without any leak.
_OWN_TEXT: Final = "\n".join(
    path.read_text(encoding="utf-8")
    for folder in (Path(liveflow_graph.__file__).parent, Path(__file__).parent)
    for path in sorted(folder.rglob("*.py"))
)


def _not_our_words(key: str) -> bool:
    return not any(key[i : i + WINDOW] in _OWN_TEXT for i in range(len(key) - WINDOW + 1))


KEYS: Final = st.builds(
    lambda tail: f"lfk_{tail}", st.text(VISIBLE, min_size=12, max_size=40)
).filter(_not_our_words)


# -- what the test calls a leak: its own decoding, independent of the code under test -------


def _invisible_removed(text: str) -> str:
    return "".join(char for char in text if char.isprintable() and not char.isspace())


def _unbackslash(text: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = match.group(1) or match.group(2)
        if code:
            return chr(int(code, 16))
        return {"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}.get(
            match.group(3), match.group(3)
        )

    return re.sub(r"\\(?:u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|(.))", one, text, flags=re.S)


DECODINGS: Final[tuple[Callable[[str], str], ...]] = (unquote, html.unescape, _unbackslash)


def _readings(text: str) -> Iterator[str]:
    """``text`` as it is and decoded by up to two of :data:`DECODINGS`, each also without
    its invisible characters."""
    level = [text]
    for depth in range(3):
        for reading in level:
            yield reading
            yield _invisible_removed(reading)
        if depth < 2:
            level = [decode(reading) for reading in level for decode in DECODINGS]


def leaks(text: str, key: str) -> list[str]:
    """The pieces of :data:`WINDOW` characters of ``key`` that a reading of ``text`` shows."""
    grams = {key[i : i + WINDOW] for i in range(len(key) - WINDOW + 1)}
    return sorted({gram for reading in _readings(text) for gram in grams if gram in reading})


# -- how a server may echo the key ----------------------------------------------------------


HTML_FORMS: Final = ("&#x{:x};", "&#X{:X};", "&#{};", "&#x{:08X};", "&#{:010};", "name")
"""How a character reference may write a character (``name``: its HTML5 name, if it has one)."""
_HTML_NAMES: Final = {
    value: name
    for name, value in sorted(html.entities.html5.items(), key=lambda item: (-len(item[0]), item))
    if name.endswith(";")
}
"""The shortest name of each character that has one (``_`` is ``&lowbar;``)."""
ESCAPES: Final = st.one_of(st.just(0), st.integers(1, len(HTML_FORMS)))
"""0: a character as it is; else escaped (in HTML, in form ``HTML_FORMS[escape - 1]``)."""


def _encode(char: str, scheme: str, escape: int) -> str:
    """``char`` as ``scheme`` writes it: escaped when it must be, or when ``escape``."""
    if scheme == "json":
        if char in '"\\':
            return f"\\{char}" if escape else f"\\u{ord(char):04X}"
        if char == "/" and escape:
            return "\\/"
        return f"\\u{ord(char):04x}" if escape else char
    if scheme == "percent":
        return "".join(f"%{b:02X}" for b in char.encode()) if escape or char == "%" else char
    if scheme == "html":
        if not escape:
            return "&#38;" if char == "&" else char
        form = HTML_FORMS[escape - 1]
        if form == "name":
            name = _HTML_NAMES.get(char)
            return f"&{name}" if name else f"&#x{ord(char):x};"
        return form.format(ord(char))
    return char


@st.composite
def echoes(draw: st.DrawFn, key: str, *, layers: int) -> str:
    """``key`` as a server might send it back: each character plain or escaped in one
    scheme, invisible characters between some, and with ``layers`` = 2 maybe encoded
    once more as a whole."""
    scheme = draw(st.sampled_from(["plain", "json", "percent", "html"]))
    pieces: list[str] = []
    for char in key:
        pieces.append(_encode(char, scheme, draw(ESCAPES)))
        if draw(st.integers(0, 3)) == 0:
            separator = draw(st.sampled_from(SEPARATORS))
            escape = draw(ESCAPES)
            pieces.append("".join(_encode(c, scheme, escape) for c in separator))
    text = "".join(pieces)
    outer = draw(st.sampled_from(["none", "json", "percent"])) if layers > 1 else "none"
    if outer == "json":
        return json.dumps(text)[1:-1]
    if outer == "percent":
        return quote(text, safe="")
    return text


PADDINGS: Final = (0, 1, 37, 150, 280, 290, 296, 299, 300, 65_500, 65_520, 65_530, 65_535)


def _padding(size: int, spaces: bool) -> str:
    return " " * size if spaces else ("pad " * (size // 4 + 1))[:size]


def _respond(server: HTTPServer, response: Response) -> None:
    server.clear()
    server.expect_request("/live_flows/").respond_with_response(response)


def _channel(draw: st.DrawFn, server: HTTPServer, key: str) -> str:
    """Set ``server`` up to echo ``key`` one way; the way, in words."""
    channel = draw(
        st.sampled_from(["detail", "text", "snippet", "redirect", "header", "reason", "schema"])
    )
    if channel in ("redirect", "header", "reason"):  # a header: percent-encoded to be one
        value = quote(draw(echoes(key, layers=1)), safe="/:?=&")
        response = Response(b"", status=302 if channel == "redirect" else 500)
        if channel == "redirect":
            response.headers["Location"] = f"https://x.invalid/?k={value}"
        elif channel == "header":
            response.headers["X-Echo"] = value
        else:
            response.status = f"500 {value}"
        _respond(server, response)
        return channel
    if channel == "schema":  # the parser quotes the value (cut at 37 characters)
        prefix = _padding(draw(st.sampled_from([0, 20, 30, 33, 36])), spaces=False)
        value = prefix + draw(echoes(key, layers=1))
        body = json.dumps([{"id": "f", "created_at": value}]).encode()
        _respond(server, Response(body, content_type=JSON))
        return channel
    echo = draw(echoes(key, layers=2))
    if channel == "detail":
        body = json.dumps({"detail": f"bad key {echo}"}).encode()
        _respond(server, Response(body, status=401, content_type=JSON))
        return channel
    padding = _padding(draw(st.sampled_from(PADDINGS)), spaces=draw(st.booleans()))
    text = (padding + echo + " and more").encode()
    if channel == "text":  # cut at 64 KiB, then at 300 characters
        _respond(server, Response(text, status=500, content_type="text/plain"))
    else:  # the first 300 bytes quoted
        _respond(server, Response(text, content_type="text/html"))
    return channel


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@contextmanager
def every_record() -> Iterator[list[logging.LogRecord]]:
    """The records of every logger (the root at DEBUG) while in the block."""
    root = logging.getLogger()
    handler, level = _Records(), root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield handler.records
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def _texts(error: BaseException, records: list[logging.LogRecord]) -> list[str]:
    return [
        str(error),
        repr(error),
        "".join(traceback.format_exception(error)),
        repr(vars(error)),
        *(record.getMessage() for record in records),
        *(repr(record.args) for record in records),
        *(logging.Formatter().format(record) for record in records),
    ]


@pytest.mark.slow  # hypothesis: many examples
@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(key=KEYS, data=st.data())
def test_an_echoed_key_never_shows(server: HTTPServer, key: str, data: st.DataObject) -> None:
    channel = _channel(data.draw, server, key)
    with (
        every_record() as records,
        TrueStateClient(key, host=base_url(server), retry=0, env={}, timeout=10) as client,
        pytest.raises(LiveFlowError) as caught,
    ):
        client.list_flows()
    assert isinstance(caught.value, SchemaError if channel == "schema" else ClientError)
    assert any(r.name.startswith("httpcore") for r in records)  # the DEBUG trace did run
    found = {text: leaks(text, key) for text in _texts(caught.value, records)}
    assert {text: pieces for text, pieces in found.items() if pieces} == {}


@pytest.mark.slow  # hypothesis: many examples
@settings(max_examples=300, deadline=None)
@given(key=KEYS, data=st.data())
def test_redact_hides_every_echo(key: str, data: st.DataObject) -> None:
    from liveflow_graph.api.redaction import redact

    before = data.draw(st.text(max_size=30))
    after = data.draw(st.text(max_size=30))
    echo = data.draw(echoes(key, layers=2))
    assert leaks(redact(f"{before}{echo}{after}", key), key) == []


# -- the cases the review found, one by one -------------------------------------------------


def test_a_key_cut_by_the_snippet_is_hidden(server: HTTPServer, make_client: MakeClient) -> None:
    """The key at byte 285 of the 300 quoted: 15 of its characters showed."""
    body = b"x" * 285 + KEY.encode() + b" and the rest of the page"
    _respond(server, Response(body, content_type="text/html"))
    with pytest.raises(ClientError) as caught:
        make_client(retry=0).list_flows()
    message = str(caught.value)
    assert KEY[:4] not in message
    assert f"(starting '{'x' * 285}***'):" in message


def test_a_key_cut_by_the_error_body_limit_is_hidden(
    server: HTTPServer, make_client: MakeClient
) -> None:
    """64 KiB of an error body are read: white space folds the cut key into view."""
    body = b" " * (64 * 1024 - 10) + KEY.encode()
    _respond(server, Response(body, status=400, content_type="text/plain"))
    with pytest.raises(ClientError) as caught:
        make_client(retry=0).list_flows()
    assert str(caught.value).endswith("the API rejected the request (400 Bad Request): ***")


@pytest.mark.parametrize(
    ("echo", "shown"),
    [
        ("".join(f"\\u{ord(c):04x}" for c in KEY), "***"),
        (KEY.replace("_", "\\u005f"), "***"),
        (quote(KEY, safe="").replace("_", "%5F"), "***"),
        ("\x00".join(KEY), "***"),
        ("\u200b".join(KEY), "***"),
        (" ".join(KEY), "***"),
        (KEY.replace("_", "\\_"), "***"),  # Markdown's escape: any character after a "\\"
        ("&#108;" + KEY[1:], "***"),
        (f"{KEY[:10]}...", "***..."),
        (f"...{KEY[-6:]}", "...***"),
        ("lfk_ is how keys start", "lfk_ is how keys start"),  # not cut: too common to hide
    ],
)
def test_echoed_forms_are_hidden(
    server: HTTPServer, make_client: MakeClient, echo: str, shown: str
) -> None:
    _respond(server, Response(json.dumps({"detail": echo}), status=401, content_type=JSON))
    with pytest.raises(ClientError) as caught:
        make_client(retry=0).list_flows()
    assert str(caught.value).endswith(f"(the API said: {shown})")


def test_a_value_the_parser_quotes_is_hidden(server: HTTPServer, make_client: MakeClient) -> None:
    body = json.dumps(
        [{"id": "f", "created_at": KEY, "current_version": "x" * 30 + KEY, "name": 5}]
    )
    _respond(server, Response(body, content_type=JSON))
    with pytest.raises(SchemaError) as caught:
        make_client(retry=0).list_flows()
    error = caught.value
    assert KEY[:4] not in str(error) + repr(error.errors) + error.message
    assert "got the string '***'" in str(error)
    assert f"got the string '{'x' * 30}***...'" in str(error)  # cut after 37 characters


def test_a_reference_the_parser_cut_before_its_semicolon_is_hidden(
    server: HTTPServer, make_client: MakeClient
) -> None:
    """Found by test_an_echoed_key_never_shows: the parser quotes 37 characters of the value,
    which cuts ``&#x30;`` to ``&#x30``; html.unescape (and a browser) still reads that as
    ``0``, and the message showed "lfk_0000" read that way."""
    key = "lfk_000000020000"
    echo = "lf&#x6b;\x00_\x000&#x30;&#x30;&#x200b;&#x30;0\x000\x00020000"
    _respond(server, Response(json.dumps([{"id": "f", "created_at": echo}]), content_type=JSON))
    with pytest.raises(SchemaError) as caught:
        make_client(api_key=key, retry=0).list_flows()
    error = caught.value
    assert str(error).endswith("got the string '***...'")
    texts = [str(error), repr(error), "".join(traceback.format_exception(error))]
    assert [text for text in [*texts, repr(vars(error))] if leaks(text, key)] == []


def _references(text: str, form: str) -> str:
    return "".join(form.format(ord(char)) for char in text)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        # decimal or hexadecimal, in either case, with leading zeros, mixed with plain text
        (_references(KEY, "&#x{:X};"), "***"),
        (_references(KEY, "&#X{:x};"), "***"),
        (_references(KEY, "&#{:08d};"), "***"),
        (_references(KEY, "&#x{:012x};"), "***"),
        ("l&#x66;k&#95;S&#X045;C&#00082;E&#x000054;_0123456789", "***"),
        # every HTML5 name, also in another case
        ("lfk&lowbar;SECRET", "***"),
        ("lfk&UnderBar;SECRET", "***"),
        ("lfk&LOWBAR;SECRET", "***"),
        ("&#108;fk&lowbar;SECRET&lowbar;&#48;1", "***"),
        # without the ";": a browser still reads them, and a cut may have left them so
        (_references(KEY, "&#x{:x}"), "***"),
        (_references(KEY, "&#{}"), "***"),
        ("'lfk_SEC&#x52...'", "'***...'"),
        ("'lfk_SEC&#82...'", "'***...'"),
        ("got 'x &#x6c;&#x66;&#x6b;&#x5f;&#x53;EC&#x52...'", "got 'x ***...'"),
        # inside another encoding
        (quote("lfk&lowbar;SE&#x43RET", safe=""), "***"),
        (json.dumps("lfk&lowbar;SE&#x43RET")[1:-1].replace("&", "\\u0026"), "***"),
        # references that hide nothing are shown as they are
        ("AT&amp;T &lt;b&gt; &copy 2024 &notit; &lowbar &#0; &#x110000;", None),
    ],
)
def test_character_references_are_hidden(text: str, shown: str | None) -> None:
    from liveflow_graph.api.redaction import redact

    assert redact(text, KEY) == (text if shown is None else shown)
    assert leaks(redact(text, KEY), KEY) == []


def test_a_reference_with_thousands_of_digits_is_read() -> None:
    """int() refuses more than 4,300 digits (and html.unescape with it): no error, and the
    leading zeros do not count."""
    from liveflow_graph.api.redaction import redact

    beyond = "&#" + "9" * 5000 + ";"
    assert redact(beyond + KEY[:3], KEY) == beyond + KEY[:3]
    assert redact("&#" + "0" * 5000 + "108;" + KEY[1:], KEY) == "***"
    assert redact("&#x" + "0" * 5000 + "6c;" + KEY[1:], KEY) == "***"


def test_redact_is_linear_in_the_text() -> None:
    """Long runs of digits, names that are none, cut references: one pass each (a quadratic
    reading of 400,000 characters would take hours)."""
    from liveflow_graph.api.redaction import redact

    size = 400_000
    texts = [
        "&#" + "0" * size + "108;fk_SECRET_0123456789",
        "&" * size,
        "&abcdefghijklmnopqrstuvwxyzabcdef" * (size // 33),
        "&#x6c" * (size // 5) + KEY,
    ]
    start = time.perf_counter()
    shown = [redact(text, KEY)[-8:] for text in texts]
    elapsed = time.perf_counter() - start
    assert shown == ["***", "&" * 8, "yzabcdef", "&#x6c***"]
    assert elapsed < 10, f"{elapsed:.1f}s"


# -- log records: what logging.basicConfig(level=logging.DEBUG) shows -----------------------


def _echo_everything(request: Request) -> Response:
    """Redirect to a URL holding the key, and echo it in headers, reason phrase and body."""
    key = request.headers.get("Api-key") or request.headers["Authorization"][7:]
    response = Response(f"your key: {key}", status=302, content_type="text/plain")
    response.status = f"302 Found {key}"
    response.headers["Location"] = f"https://x.invalid/?k={key}&q={quote(key, safe='')}"
    response.headers["X-Echo"] = key
    response.headers["Set-Cookie"] = f"k={key}"
    return response


@pytest.mark.parametrize("auth", ["api-key", "bearer"])
def test_debug_logging_never_shows_an_echoed_key(
    server: HTTPServer,
    make_client: MakeClient,
    caplog: pytest.LogCaptureFixture,
    auth: str,
) -> None:
    server.expect_request("/live_flows/").respond_with_handler(_echo_everything)
    caplog.set_level(logging.DEBUG)  # the root: every logger, as basicConfig(DEBUG) shows
    with pytest.raises(ClientError):
        make_client(retry=1, auth=auth).list_flows()
    assert len(server.log) == 1
    headers = [r for r in caplog.records if "receive_response_headers.complete" in r.msg]
    assert headers  # httpcore's trace of the response headers did run, scrubbed
    assert "(b'X-Echo', b'***')" in headers[0].getMessage()
    assert any(r.name == "httpx" and "302 Found ***" in r.getMessage() for r in caplog.records)
    texts = [caplog.text, *(r.getMessage() for r in caplog.records)]
    assert [text for text in texts if leaks(text, KEY)] == []


def test_the_cli_never_logs_an_echoed_key(
    server: HTTPServer,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    server.expect_request("/live_flows/f-1/").respond_with_handler(_echo_everything)
    monkeypatch.setenv("TRUESTATE_API_KEY", KEY)
    caplog.set_level(logging.DEBUG)
    assert main(["fetch", "--host", base_url(server), "--retries", "0", "f-1"]) == 2
    captured = capsys.readouterr()
    assert "redirected (302 Found) to 'https://x.invalid/?k=***&q=***'" in captured.err
    assert leaks(caplog.text + captured.out + captured.err, KEY) == []


def test_the_log_filter_does_nothing_once_the_request_is_over(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from liveflow_graph.api.redaction import hidden_in_logs

    caplog.set_level(logging.DEBUG)
    with hidden_in_logs(KEY):
        logging.getLogger("httpcore.http11").debug("during %s", KEY)
    logging.getLogger("httpcore.http11").debug("after %s", KEY)
    assert [r.getMessage() for r in caplog.records] == ["during ***", f"after {KEY}"]
