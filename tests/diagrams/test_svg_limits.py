"""Renders respect every limit a user can set: any timeout value, the first render's WASM
compilation, and the process's address-space limit (``ulimit -v``)."""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from liveflow_graph import ConfigError
from liveflow_graph.cli import main
from liveflow_graph.diagrams.svg import checked_timeout, render_svg
from tests.conftest import DATA

SMALL_DOT = "digraph { a -> b -> c }"


@pytest.mark.parametrize(
    ("given", "expected"),
    [(5, 5.0), (0.25, 0.25), (None, None), (math.inf, None), (1e300, None)],
)
def test_timeouts_beyond_any_wait_mean_no_limit(
    given: float | None, expected: float | None
) -> None:
    assert checked_timeout(given) == expected


@pytest.mark.parametrize("given", [0, -1, math.nan, -math.inf, True, "5"])
def test_other_timeouts_are_refused(given: object) -> None:
    with pytest.raises(ConfigError, match="timeout must be a positive number of seconds"):
        checked_timeout(given)  # type: ignore[arg-type]


def test_an_infinite_timeout_renders() -> None:
    assert "<svg" in render_svg(SMALL_DOT, backend="wasm", timeout=math.inf)


@pytest.mark.parametrize("value", ["inf", "1e300"])
def test_the_cli_takes_any_large_timeout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    out = tmp_path / "flow.svg"
    assert main(["render", str(DATA / "linear_flow.json"), "-o", str(out), "--timeout", value]) == 0
    assert out.read_text().lstrip().startswith("<?xml") or "<svg" in out.read_text()


@pytest.mark.parametrize("value", ["nan", "0", "-3"])
def test_the_cli_refuses_a_meaningless_timeout_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    args = ["render", str(DATA / "linear_flow.json"), "-o", str(tmp_path / "f.svg")]
    assert main([*args, "--timeout", value]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "timeout must be a positive number of seconds" in err


def _run(code: str, *, address_space: int | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter (so the WASM module is not compiled yet)."""
    prelude = ""
    if address_space is not None:
        prelude = (
            "import resource\n"
            f"resource.setrlimit(resource.RLIMIT_AS, ({address_space}, resource.RLIM_INFINITY))\n"
        )
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.slow
def test_the_timeout_covers_the_first_renders_compilation() -> None:
    done = _run(
        """
        from liveflow_graph.diagrams.svg import render_svg
        from liveflow_graph.errors import RenderTimeoutError
        try:
            render_svg("digraph { a -> b }", backend="wasm", timeout=0.001)
        except RenderTimeoutError as error:
            print("timeout:", error)
        print("then:", "<svg" in render_svg("digraph { a -> b }", backend="wasm", timeout=120))
        """
    )
    assert done.returncode == 0, done.stderr
    assert "timeout: Graphviz (wasm) was still being compiled after 0.001 s" in done.stdout
    assert "then: True" in done.stdout


@pytest.mark.slow
def test_a_small_render_works_under_a_1_gib_address_space_limit() -> None:
    done = _run(
        f"""
        from liveflow_graph import load, render_svg, to_dot
        dot = to_dot(load({str(DATA / "linear_flow.json")!r}).items[0])
        print("<svg" in render_svg(dot, backend="wasm", timeout=120))
        """,
        address_space=1 << 30,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "True"


@pytest.mark.slow
def test_running_out_of_address_space_names_the_limit() -> None:
    """After a first render (the module is compiled, with no limit in force), the limit is
    lowered to 32 MiB above what the process already uses: too little for the 4 GiB the
    next render's memory reserves."""
    done = _run(
        """
        import resource
        from liveflow_graph.diagrams import svg
        from liveflow_graph.errors import RenderError
        svg.render_svg("digraph { a -> b }", backend="wasm", timeout=120)
        used = next(
            int(line.split()[1]) * 1024
            for line in open("/proc/self/status")
            if line.startswith("VmSize:")
        )
        limit = used + (32 << 20)
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.RLIM_INFINITY))
        print(limit)
        try:
            svg.render_svg("digraph { a -> b }", backend="wasm", timeout=120)
        except RenderError as error:
            print(error)
        """
    )
    assert done.returncode == 0, done.stdout + done.stderr
    limit, message = done.stdout.splitlines()
    assert "Graphviz (wasm) ran out of address space" in message
    assert f"the address-space limit (ulimit -v) is {int(limit) / (1 << 20):,.0f} MiB" in message
