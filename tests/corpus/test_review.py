"""How much an event's reports agree with its status."""

from __future__ import annotations

from storyline.corpus.events import Event, Step
from storyline.corpus.review import event_agreement


def _step(status: str, day: str) -> Step:
    return Step(status=status, document=f"d-{day}", as_of=day, estimated=False,
                evidence="…", cue=None, start=0, end=1)  # fmt: skip


def _event(status: str, *steps: Step, conflicting: tuple[str, ...] = ()) -> Event:
    return Event(id="ev-1", kind="meeting", family="meeting", title="Talks", participants=(),
                 location=None, location_entity=None, date=None, happened_by=None,
                 status=status, conflicting=conflicting, trajectory=steps, mentions=())  # fmt: skip


def test_what_was_planned_before_it_happened_does_not_count_against_it():
    event = _event("happened", _step("planned", "2024-03-01"), _step("planned", "2024-03-05"),
                   _step("happened", "2024-03-10"), _step("happened", "2024-03-11"))  # fmt: skip
    assert event_agreement(event) == (1.0, "all agree")


def test_reports_since_the_last_change_that_disagree_lower_it():
    event = _event("confirmed", _step("planned", "2024-03-01"), _step("confirmed", "2024-03-05"),
                   _step("rumoured", "2024-03-06"), _step("uncertain", "2024-03-07"))  # fmt: skip
    agreement, why = event_agreement(event)
    assert agreement == 0.5 and why == "1 say rumoured"  # "uncertain" says nothing either way


def test_disagreeing_latest_reports_and_rumours_are_doubtful():
    conflicting = _event("cancelled", _step("cancelled", "2024-03-05"),
                         conflicting=("postponed",))  # fmt: skip
    assert event_agreement(conflicting)[0] == 0.5
    rumour = _event("rumoured", _step("rumoured", "2024-03-05"))
    assert event_agreement(rumour) == (0.5, "only rumoured")
