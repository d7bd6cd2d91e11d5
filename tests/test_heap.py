"""The collector during a build: what the build keeps, and what it shares with forked processes,
stays out of collections until the build ends, and is then handed back."""

from __future__ import annotations

import gc

import pytest

from newsarchive import forks, heap


@pytest.fixture(autouse=True)
def nothing_frozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


def test_work_shared_in_a_build_leaves_the_objects_frozen_until_the_build_ends():
    with heap.build_scope():
        views = [[n] for n in range(1000)]  # the archive's views, made before the work is shared
        assert forks.shared(2, lambda n, of: len(views) + n) == [1000, 1001]
        during = gc.get_freeze_count()
        assert during >= 1000
        with heap.kept():
            keys = [[n] for n in range(500)]
        assert forks.shared(2, lambda n, of: len(keys)) == [500, 500]
        assert gc.get_freeze_count() >= during + 500  # neither fork handed them back
    assert gc.get_freeze_count() == 0


def test_work_shared_outside_a_build_hands_the_objects_back_when_it_ends():
    data = [[n] for n in range(1000)]
    with heap.frozen():
        assert gc.get_freeze_count() >= 1000
    assert gc.get_freeze_count() == 0
    assert forks.shared(2, lambda n, of: len(data)) == [1000, 1000]
    assert gc.get_freeze_count() == 0
