"""Every kind of effect a flow can return is kept by the store, or said to need nothing."""

from __future__ import annotations

import pytest

from store import effects


def test_every_effect_has_a_handler_or_a_reason_to_keep_nothing() -> None:
    handled = [t for stage in effects.STAGES for t in stage.types]
    assert len(handled) == len(set(handled))
    assert set(handled) | set(effects.NOTHING_TO_STORE) == set(effects.effect_types())


def test_an_effect_with_no_handler_stops_the_store_loading() -> None:
    without_visits = effects.STAGES[:-1]
    with pytest.raises(TypeError, match=r"\['AnswerVisit', 'AskVisit', 'UpdateVisit'\]"):
        effects.stage_of(without_visits, effects.NOTHING_TO_STORE, effects.effect_types())


def test_an_effect_handled_twice_stops_the_store_loading() -> None:
    twice = (*effects.STAGES, effects.STAGES[0])
    with pytest.raises(TypeError, match=r"twice: \['BecomePeer', 'WelcomePeer'\]"):
        effects.stage_of(twice, effects.NOTHING_TO_STORE, effects.effect_types())
