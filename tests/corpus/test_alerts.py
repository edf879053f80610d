"""Alerts: the status changes an event's trajectory holds, and firings told once."""

from __future__ import annotations

from storyline.corpus.alerts import status_changes
from storyline.corpus.events import Step
from storyline.store.database import Store
from storyline.store.watching import AlertRecord, FiringRecord


def _step(status: str, day: str | None, document: str = "d") -> Step:
    return Step(status=status, document=f"{document}-{day}", as_of=day, estimated=False,
                evidence=f"It is {status}.", cue=None, start=0, end=3)  # fmt: skip


def _moves(*steps: Step) -> list[tuple[str, str, int]]:
    return [(c.before, c.after, c.entered) for c in status_changes(steps)]


def test_each_report_that_moves_the_status_is_a_change():
    steps = (_step("planned", "2024-03-01"), _step("planned", "2024-03-05"),
             _step("confirmed", "2024-03-09"), _step("happened", "2024-03-12"))  # fmt: skip
    assert _moves(*steps) == [("planned", "confirmed", 1), ("confirmed", "happened", 1)]
    assert status_changes(steps)[-1].step.document == "d-2024-03-12"


def test_the_first_report_is_no_change_and_nothing_moves_without_a_second():
    assert _moves(_step("happened", "2024-03-12")) == []
    assert _moves() == []


def test_talk_of_a_happened_event_as_expected_does_not_move_it_back():
    steps = (_step("planned", "2024-03-01"), _step("happened", "2024-03-12"),
             _step("planned", "2024-03-14"))  # fmt: skip
    assert _moves(*steps) == [("planned", "happened", 1)]


def test_a_status_entered_again_is_a_new_change():
    steps = (_step("planned", "2024-03-01"), _step("postponed", "2024-03-05"),
             _step("planned", "2024-03-09"))  # fmt: skip
    assert _moves(*steps) == [("planned", "postponed", 1), ("postponed", "planned", 2)]


def test_a_hedged_report_does_not_move_a_founded_status():
    steps = (_step("planned", "2024-03-01"), _step("rumoured", "2024-03-05"))
    assert _moves(*steps) == []


def test_a_firing_whose_key_was_seen_is_not_stored_again():
    store = Store()
    assert store.add_alert(AlertRecord("a", "q", "status"), ["status:ev-1:planned:1"])
    assert not store.add_alert(AlertRecord("a", "other", "status"), [])
    firing = FiringRecord(alert="a", kind="status", message="m", status_to="happened")
    first = store.add_firings([(firing, ["status:ev-1:happened:1"])])
    assert len(first) == 1
    assert store.add_firings([(firing, ["status:ev-1:happened:1"])]) == []
    assert store.add_firings([(firing, ["status:ev-1:planned:1"])]) == []  # seen when added
    [stored] = store.firings(alert="a")
    assert stored.id == first[0] and stored.fired_at
    assert store.remove_alert("a") and store.firings() == [] and store.alerts() == []
