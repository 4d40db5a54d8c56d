"""Undoing a response's ``Content-Encoding`` in bounded steps, so a compressed body cannot
grow in memory beyond what the reader asked for.

httpx's own decoders (``Response.iter_bytes``) inflate each chunk read from the network in
one call: 64 KiB of gzip can become 64 MiB, and ``Content-Encoding: gzip, gzip`` turns a
2 KB body into gigabytes at once.  :func:`decoded_chunks` reads the raw stream
(``Response.iter_raw``) and inflates it with :mod:`zlib`, never more than :data:`CHUNK`
bytes per call and per layer, so the reader can stop as soon as it has enough.

It decodes the encodings the client asks for (:data:`ACCEPT_ENCODING`: gzip and deflate);
``identity`` and any other encoding are passed through as they are, as httpx does with an
encoding it does not know.  A body that does not inflate raises :class:`httpx.DecodingError`
with zlib's words, as httpx's decoders do.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Iterable, Iterator
from typing import Final, Protocol

import httpx

__all__ = ["ACCEPT_ENCODING", "CHUNK", "decoded_chunks", "encodings"]

ACCEPT_ENCODING: Final = "gzip, deflate"
"""What the client sends as ``Accept-Encoding``: the encodings :func:`decoded_chunks` undoes."""
CHUNK: Final = 64 * 1024
"""Most bytes one inflating step produces."""


class _Inflater(Protocol):
    """What :func:`zlib.decompressobj` returns (the part of it used here)."""

    @property
    def unconsumed_tail(self) -> bytes: ...

    def decompress(self, data: bytes, max_length: int = ..., /) -> bytes: ...

    def flush(self, length: int = ..., /) -> bytes: ...


_GZIP: Final = zlib.MAX_WBITS | 16
_ZLIB: Final = zlib.MAX_WBITS
_RAW_DEFLATE: Final = -zlib.MAX_WBITS


def encodings(header: str | None) -> list[str]:
    """The encodings a ``Content-Encoding`` header names, in the order they were applied,
    lower case, without ``identity``."""
    if header is None:
        return []
    named = (part.strip().lower() for part in header.split(","))
    return [name for name in named if name and name != "identity"]


def decoded_chunks(raw: Iterable[bytes], content_encoding: str | None) -> Iterator[bytes]:
    """The body whose raw (still encoded) chunks are ``raw``, decoded, in chunks of at most
    :data:`CHUNK` bytes (``raw``'s own chunks when there is nothing to decode), produced
    only as they are consumed."""
    chunks: Iterator[bytes] = iter(raw)
    for name in reversed(encodings(content_encoding)):  # the last one applied comes off first
        if name == "gzip":
            chunks = _inflated(chunks, lambda: zlib.decompressobj(_GZIP), fallback=None)
        elif name == "deflate":  # zlib-wrapped as the standard says, or raw as some servers send
            chunks = _inflated(
                chunks,
                lambda: zlib.decompressobj(_ZLIB),
                fallback=lambda: zlib.decompressobj(_RAW_DEFLATE),
            )
    return chunks


def _inflated(
    chunks: Iterator[bytes],
    make: Callable[[], _Inflater],
    *,
    fallback: Callable[[], _Inflater] | None,
) -> Iterator[bytes]:
    """``chunks`` inflated, at most :data:`CHUNK` bytes at a time.  When the first call
    fails and there is a ``fallback``, the stream is read again with the fallback."""
    inflater = make()
    first = True
    for chunk in chunks:
        if first and fallback is not None:
            try:
                head = inflater.decompress(chunk, CHUNK)
            except zlib.error:
                inflater = fallback()
                head = _step(inflater, chunk)
            yield from _drained(inflater, head)
        else:
            yield from _drained(inflater, _step(inflater, chunk))
        first = False
    tail = _flushed(inflater)
    if tail:
        yield tail


def _drained(inflater: _Inflater, head: bytes) -> Iterator[bytes]:
    """``head`` and the rest of what the input given so far inflates to, step by step."""
    out = head
    while True:
        if out:
            yield out
        if len(out) < CHUNK and not inflater.unconsumed_tail:
            return  # zlib stopped for want of input, not of room: nothing is pending
        out = _step(inflater, inflater.unconsumed_tail)


def _step(inflater: _Inflater, data: bytes) -> bytes:
    try:
        return inflater.decompress(data, CHUNK)
    except zlib.error as error:
        raise httpx.DecodingError(str(error)) from None


def _flushed(inflater: _Inflater) -> bytes:
    try:
        return inflater.flush()
    except zlib.error as error:
        raise httpx.DecodingError(str(error)) from None
