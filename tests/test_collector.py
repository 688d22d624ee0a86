import gc

import pytest

from timeline import collector


def test_the_collector_is_back_on_after_a_pause_even_when_it_fails():
    assert gc.isenabled()
    with pytest.raises(ValueError), collector.paused():
        assert not gc.isenabled()
        raise ValueError("a stage that fails")
    assert gc.isenabled()


def test_a_nested_pause_leaves_the_outer_one_paused():
    with collector.paused():
        with collector.paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_paused_function_gives_its_result():
    @collector.paused()
    def merged() -> bool:
        return gc.isenabled()

    assert merged() is False
    assert gc.isenabled()
