"""Bodies are read as a stream, decoded in bounded steps, and held to ``max_bytes`` as they
are decoded: a gzip bomb is refused without ever being inflated in memory."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
import zlib
from collections.abc import Callable, Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from liveflow_graph import ResponseError, ServerError
from tests.api.conftest import MakeClient
from tests.api.helpers import JSON, base_url, data, gzip_zeros
from tests.conftest import ROOT

MIB = 1 << 20

# Runs in a fresh interpreter (its own peak memory): fetches argv[1] with max_bytes=argv[2]
# and prints the error and the peak of traced memory during the call.  Its address space is
# capped, so a regression fails with MemoryError instead of taking the machine's memory.
MEASURE = """
import json, resource, sys, tracemalloc
from liveflow_graph import TrueStateClient
size = int(open("/proc/self/status").read().split("VmSize:")[1].split()[0]) * 1024
resource.setrlimit(resource.RLIMIT_AS, (size + (1 << 30), resource.RLIM_INFINITY))
client = TrueStateClient("lfk_x", host=sys.argv[1], retry=0, max_bytes=int(sys.argv[2]), env={})
tracemalloc.start()
try:
    client.list_flows()
    error = None
except Exception as caught:
    error = f"{type(caught).__name__}: {caught}"
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"error": error, "peak": peak}))
"""


def _measure(server: HTTPServer, max_bytes: int) -> tuple[str, int]:
    """The error and the peak memory of a fresh process fetching ``/live_flows/``."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, base_url(server), str(max_bytes)],
        capture_output=True,
        text=True,
        timeout=240,
        check=False,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout)
    return str(result["error"]), int(result["peak"])


def _serve(server: HTTPServer, body: bytes, encoding: str, status: int = 200) -> None:
    server.expect_request("/live_flows/").respond_with_response(
        Response(body, status=status, headers={"Content-Type": JSON, "Content-Encoding": encoding})
    )


@pytest.fixture(scope="module")
def bomb() -> bytes:
    """200 MiB of zeros as about 200 KB of gzip."""
    return gzip_zeros(200 * MIB)


@pytest.mark.slow
def test_a_gzip_bomb_is_refused_without_inflating_it(server: HTTPServer, bomb: bytes) -> None:
    assert len(bomb) < 300_000
    _serve(server, bomb, "gzip")
    error, peak = _measure(server, MIB)
    assert error == (
        "ResponseError: GET /live_flows/: the response is larger than the limit of 1,048,576 "
        "bytes (raise the limit: max_bytes in Python, --max-bytes on the command line)"
    )
    assert peak < 100 * MIB  # (a chunk of the network inflated at once was 64 MiB and more)


@pytest.mark.slow
def test_gzip_twice_is_inflated_in_bounded_steps_too(server: HTTPServer) -> None:
    """``Content-Encoding: gzip, gzip``: 256 MiB from 590 bytes (httpx's decoders inflated
    it whole, then again)."""
    body = gzip_zeros(256 * MIB, layers=2)
    assert len(body) < 2_000
    _serve(server, body, "gzip, gzip")
    error, peak = _measure(server, MIB)
    assert "larger than the limit of 1,048,576 bytes" in error
    assert peak < 100 * MIB


@pytest.mark.slow
def test_the_body_is_held_once(server: HTTPServer, bomb: bytes) -> None:
    """Up to the limit the body is in one buffer: no list of chunks joined into a copy."""
    _serve(server, bomb, "gzip")
    error, peak = _measure(server, 40 * MIB)
    assert "larger than the limit of 41,943,040 bytes" in error
    assert peak < 40 * MIB + 20 * MIB


@pytest.mark.parametrize(
    ("encoding", "encode"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),  # zlib-wrapped, as the standard says
        ("deflate", lambda body: zlib.compress(body, wbits=-zlib.MAX_WBITS)),  # raw deflate
        ("gzip, deflate", lambda body: zlib.compress(gzip.compress(body))),
        ("identity", lambda body: body),
        ("GZip , identity", gzip.compress),
    ],
)
def test_encoded_bodies_are_decoded(
    server: HTTPServer,
    make_client: MakeClient,
    encoding: str,
    encode: Callable[[bytes], bytes],
) -> None:
    _serve(server, encode(data("flows_list.json")), encoding)
    flows = make_client().list_flows()
    assert [flow.id for flow in flows] == [
        item["id"] for item in json.loads(data("flows_list.json"))
    ]


def test_the_limit_counts_decoded_bytes(server: HTTPServer, make_client: MakeClient) -> None:
    body = b"[" + b" " * (2 * MIB) + b"]"
    _serve(server, gzip.compress(body), "gzip")
    with pytest.raises(ResponseError, match="larger than the limit of 1,048,576 bytes"):
        make_client(max_bytes=MIB).list_flows()
    assert make_client(max_bytes=len(body)).list_flows() == []  # exactly at the limit: read


def test_a_body_that_does_not_inflate(server: HTTPServer, make_client: MakeClient) -> None:
    _serve(server, b"[] is not gzip", "gzip")
    with pytest.raises(ResponseError) as caught:
        make_client().list_flows()
    assert str(caught.value) == (
        "GET /live_flows/: the response could not be read: "
        "Error -3 while decompressing data: incorrect header check"
    )
    assert caught.value.__context__ is None


def test_an_encoding_not_asked_for_is_passed_through(
    server: HTTPServer, make_client: MakeClient
) -> None:
    """As httpx does with an encoding it does not know: the bytes are read as they came."""
    _serve(server, b"[]", "x-unknown")
    assert make_client().list_flows() == []
    assert server.log[0][0].headers["Accept-Encoding"] == "gzip, deflate"


def test_error_bodies_are_decoded_too(
    server: HTTPServer, make_client: MakeClient, bomb: bytes
) -> None:
    server.expect_oneshot_request("/live_flows/").respond_with_response(
        Response(bomb, status=503, headers={"Content-Type": JSON, "Content-Encoding": "gzip"})
    )  # what it said is read up to 64 KiB only
    server.expect_request("/live_flows/").respond_with_response(
        Response(
            gzip.compress(b"maintenance"),
            status=503,
            headers={"Content-Type": "text/plain", "Content-Encoding": "gzip"},
        )
    )
    with pytest.raises(ServerError) as caught:
        make_client(retry=1).list_flows()
    assert str(caught.value).endswith(
        "(503 Service Unavailable): maintenance (gave up after 2 attempts)"
    )
    assert len(server.log) == 2


def test_read_body_stops_at_the_first_chunk_past_the_limit() -> None:
    from liveflow_graph.api.responses import read_body

    taken: list[int] = []

    def chunks() -> Iterator[bytes]:
        for index in range(1_000):
            taken.append(index)
            yield b"x" * 1000

    body, cut = read_body(chunks(), 2500)
    assert (bytes(body), cut) == (b"x" * 2500, True)
    assert taken == [0, 1, 2]
    assert isinstance(body, bytearray)
    assert read_body(iter([b"ab", b"c"]), None) == (bytearray(b"abc"), False)
    assert read_body(iter([b"ab", b"c"]), 3) == (bytearray(b"abc"), False)


def test_decoded_chunks_are_bounded() -> None:
    from liveflow_graph.api.decoding import CHUNK, decoded_chunks

    sizes = [len(chunk) for chunk in decoded_chunks(iter([gzip_zeros(10 * MIB)]), "gzip")]
    assert sum(sizes) == 10 * MIB
    assert max(sizes) <= CHUNK
