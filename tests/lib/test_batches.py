"""lib.batches: the garbage collector paused for a batch and left as found."""

from __future__ import annotations

import gc

import pytest

from firstchoice.lib.batches import gc_paused


@gc_paused()
def fails() -> None:
    assert not gc.isenabled()
    raise ValueError


def test_it_pauses_the_collector_and_switches_it_back_on() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError):
        fails()
    assert gc.isenabled()


def test_it_leaves_a_paused_collector_paused() -> None:
    gc.disable()
    try:
        with pytest.raises(ValueError):
            fails()
        assert not gc.isenabled()
    finally:
        gc.enable()
