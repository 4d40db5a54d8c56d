"""Session analytics over the bundled example (6 sessions on 3 versions)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from liveflow_graph import analyze_sessions, load
from tests.conftest import DATA, EXAMPLES

STEP = "5e000000-0000-4000-8000-0000000000{:02d}"


def test_counts_by_status_and_version() -> None:
    stats = analyze_sessions(load(EXAMPLES / "support-triage.json"))
    assert stats.total == 6
    assert stats.by_status == {
        "FINISHED": 2,
        "FAILED": 1,
        "NEW": 1,
        "RUNNING": 1,
        "WAITING_FOR_USER_INPUT": 1,
    }
    assert stats.by_version == {
        "ae000000-0000-4000-8000-000000000001": 2,
        "ae000000-0000-4000-8000-000000000002": 2,
        "ae000000-0000-4000-8000-000000000003": 2,
    }


def test_per_step_activity() -> None:
    stats = analyze_sessions(load(EXAMPLES / "support-triage.json"))
    start = stats.steps[STEP.format(1)]
    assert (start.name, start.reached, start.current) == ("start", 5, 0)
    ask = stats.steps[STEP.format(4)]
    assert (ask.reached, ask.current, ask.waiting) == (5, 1, 1)
    reply = stats.steps[STEP.format(5)]  # write_reply in v1, draft_reply later
    assert (reply.reached, reply.failed, reply.current) == (4, 1, 1)
    send = stats.steps[STEP.format(7)]
    assert (send.reached, send.current, send.failed) == (3, 1, 0)
    legacy = stats.steps[STEP.format(8)]
    assert legacy.reached == 2


def test_failures_are_grouped_by_message() -> None:
    stats = analyze_sessions(load(EXAMPLES / "support-triage.json"))
    assert [(g.message, g.count) for g in stats.failures] == [("OpenAI API timeout after 60s", 1)]
    assert stats.failures[0].session_ids == ("5a000000-0000-4000-8000-000000000002",)


def test_waiting_and_stuck_sessions() -> None:
    stats = analyze_sessions(load(EXAMPLES / "support-triage.json"))
    assert [s.id for s in stats.waiting] == ["5a000000-0000-4000-8000-000000000004"]
    waiting = stats.waiting[0]
    assert waiting.updated_at is not None
    just_after = waiting.updated_at + timedelta(minutes=5)
    assert stats.stuck(timedelta(hours=1), now=just_after) == []
    assert stats.stuck(timedelta(hours=1), now=datetime(2030, 1, 1, tzinfo=UTC)) == [waiting]


def test_active_sessions_exclude_final_statuses() -> None:
    stats = analyze_sessions(load(EXAMPLES / "support-triage.json"))
    assert sorted(s.status or "" for s in stats.active) == [
        "NEW",
        "RUNNING",
        "WAITING_FOR_USER_INPUT",
    ]


def test_works_on_session_lists_and_empty_inputs() -> None:
    stats = analyze_sessions(load(DATA / "sessions_list.json"))
    assert stats.total == 3
    empty = analyze_sessions([])
    assert empty.summary() == "no sessions"
    assert empty.steps == {}


def test_html_table_escapes_step_names() -> None:
    stats = analyze_sessions(load(EXAMPLES / "support-triage.json"))
    html = stats._repr_html_()
    assert "<table>" in html
    assert "classify_ticket" in html


def test_repr_is_the_summary_not_every_session() -> None:
    stats = analyze_sessions(load(EXAMPLES / "support-triage.json"))
    assert repr(stats) == f"<SessionAnalytics {stats.summary()}>"
    assert len(repr(stats)) < 200
