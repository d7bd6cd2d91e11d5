"""Work done in forked processes: results in order, errors reported, the same work done here where
a process cannot fork."""

from __future__ import annotations

import os

import pytest

from newsarchive import forks
from newsarchive.errors import NewsarchiveError


def _steps(log: list):
    log.append(("first", os.getpid()))
    yield "first", os.getpid()
    log.append(("second", os.getpid()))
    yield "second", os.getpid()


@pytest.mark.parametrize("apart", [True, False])
def test_a_background_generator_gives_its_values_in_turn(apart):
    log: list = []
    with forks.steps(lambda: _steps(log), apart=apart) as next_value:
        first, where = next_value()
        assert first == "first" and (where != os.getpid()) == apart
        assert next_value() == ("second", where)
    assert log == ([] if apart else [("first", os.getpid()), ("second", os.getpid())])  # apart: the child's log


def _fails_after_one():
    yield 1
    raise ValueError("the second step broke")


def test_an_error_in_a_later_step_is_raised_when_that_step_is_asked_for():
    with pytest.raises(NewsarchiveError, match="ValueError: the second step broke"):
        with forks.steps(_fails_after_one) as next_value:
            assert next_value() == 1
            next_value()


def test_background_work_gives_its_one_result_however_often_asked():
    with forks.background(os.getpid) as result:
        assert result() == result() != os.getpid()
