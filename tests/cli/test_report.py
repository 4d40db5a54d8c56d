"""``liveflow-graph report``: one HTML page from one or more documents."""

from __future__ import annotations

from pathlib import Path

import pytest

from liveflow_graph.cli import main
from tests.conftest import DATA, EXAMPLES
from tests.htmlreport.helpers import page_data

EXAMPLE = str(EXAMPLES / "support-triage.json")


def test_writes_one_page_for_several_files(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    code = main(["report", EXAMPLE, str(DATA / "old_versions_flow.json"), "-o", str(out)])
    assert code == 0
    data = page_data(out.read_text(encoding="utf-8"))
    assert [f["name"] for f in data["flows"]] == ["Support ticket triage", "Blog post drafter"]
    assert len(data["versions"]) == 6
    assert [p.name for p in tmp_path.iterdir()] == ["report.html"]


def test_options_reach_the_page(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["report", EXAMPLE, "--title", "<b>Q3</b>", "--max-layout-steps", "0", "--isolated"]
    )
    assert code == 0
    data = page_data(capsys.readouterr().out)
    assert data["title"] == "<b>Q3</b>"
    assert {v["diagram"]["kind"] for v in data["versions"]} == {"layout"}


def test_the_config_chooses_the_rules(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "pyproject.toml"
    config.write_text('[tool.liveflow-graph]\nignore = ["LF2"]\n', encoding="utf-8")
    assert main(["report", EXAMPLE, "--config", str(config)]) == 0
    codes = {
        f["code"] for v in page_data(capsys.readouterr().out)["versions"] for f in v["findings"]
    }
    assert codes
    assert not any(code.startswith("LF2") for code in codes)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", EXAMPLE, "-o", "x.svg"], "give -o a .html file"),
        (["report", "missing.json", "-o", "x.html"], "missing.json"),
        (["report", EXAMPLE, "--backend", "nope"], "unknown --backend"),
        (["report"], "missing argument"),
    ],
)
def test_usage_and_input_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert message in err.lower()
    assert err.count("\n") == 1
