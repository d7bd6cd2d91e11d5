"""Work shared among processes forked for it, once the data it needs is built.

A forked process starts with everything the parent had built (the archive,
the Jinja environment, the writer's view of the site), so nothing is sent to
it; it sends back only its results, pickled.  Forking a process that runs
threads (the dev server) is unsafe, some systems cannot fork, and a forked
process forks no more (the search files of a rebuild are made in one, beside
the rendering): then the process does all the work itself.
"""

from __future__ import annotations

import contextlib
import inspect
import multiprocessing
import signal
import threading
from typing import Callable, Iterator

from . import heap
from .errors import NewsarchiveError


def can_fork() -> bool:
    """Whether work can be shared here: not in a process that runs threads, nor in one forked for
    work already (which shares the machine with its parent, and may not have children of its own)."""
    return ("fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
            and not multiprocessing.current_process().daemon)


def shared(jobs: int, work: Callable[[int, int], object]) -> list:
    """[work(0, jobs), work(1, jobs), …]: `work(n, jobs)` runs in process n, 0 being this one.

    An error in any process is raised here; Ctrl-C is left to this process,
    which stops the others.
    """
    if jobs <= 1 or not can_fork():
        return [work(0, 1)]
    children = []
    with _collector_kept_off():
        try:
            for n in range(1, jobs):
                children.append(_start(work, n, jobs))
            results = [work(0, jobs)]
            for child, receive in children:
                results.append(_receive(child, receive))
                child.join()
            return results
        finally:
            for child, _ in children:
                _stop(child)


def each(jobs: int, tasks: list, run: Callable) -> list:
    """`run(task)` for each task, in task order, process n taking every `jobs`-th task from the n-th."""
    jobs = min(jobs, len(tasks))
    parts = shared(jobs, lambda n, of: [run(task) for task in tasks[n::of]])
    results: list = [None] * len(tasks)
    for n, part in enumerate(parts):
        results[n :: len(parts)] = part
    return results


@contextlib.contextmanager
def background(work: Callable[[], object], apart: bool = True) -> Iterator[Callable[[], object]]:
    """Run `work()` in a forked process while the caller goes on; gives a function that waits for its
    result.  In this process, when it is called, where `apart` is False or this process cannot fork.

    Leaving the block first (an error, Ctrl-C) stops the other process.
    """
    with steps(lambda: _once(work), apart) as next_result:
        got: list = []

        def result():
            if not got:
                got.append(next_result())
            return got[0]

        yield result


def _once(work: Callable[[], object]) -> Iterator[object]:
    yield work()


@contextlib.contextmanager
def steps(work: Callable[[], Iterator], apart: bool = True) -> Iterator[Callable[[], object]]:
    """`background` for work that gives several results in turn: `work()` is a generator, run in a
    forked process that sends each value as soon as it is made; gives a function that waits for the
    next one.  In this process, one step each time a value is asked for, where `apart` is False or
    this process cannot fork.

    Leaving the block first (an error, Ctrl-C) stops the other process.
    """
    if not apart or not can_fork():
        values = work()
        yield lambda: next(values)
        return
    with _collector_kept_off():
        child, receive = _start(lambda n, of: work(), 1, 2)
        try:
            yield lambda: _receive(child, receive)
        except BaseException:
            receive.close()
            _stop(child)
            raise
        receive.close()  # a value left unread fails the child's sending, which ends it
        child.join()


@contextlib.contextmanager
def _collector_kept_off() -> Iterator[None]:
    """The collector would write to every object the processes share (its bookkeeping is in each
    object), and so copy the pages holding them into each process: objects made so far are left out
    of its scans until the work is done (or, in a build, until it ends: `heap.build_scope`)."""
    with heap.frozen():
        yield


def _start(work: Callable[[int, int], object], n: int, jobs: int):
    """A forked process running `work(n, jobs)`, and the end of the pipe its result comes by."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(work, n, jobs, send), daemon=True)
    child.start()
    send.close()
    return child, receive


def _stop(child) -> None:
    if child.is_alive():
        child.kill()
    child.join()


def _child(work: Callable[[int, int], object], n: int, jobs: int, send) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    try:
        result = work(n, jobs)
        for value in result if inspect.isgenerator(result) else (result,):  # a generator's values as they come
            send.send(value)
    except BaseException as exc:  # noqa: BLE001 - reported by the parent
        send.send(exc if isinstance(exc, NewsarchiveError) else NewsarchiveError(f"{type(exc).__name__}: {exc}"))
    finally:
        send.close()


def _receive(child, receive):
    try:
        got = receive.recv()
    except EOFError:
        raise NewsarchiveError(f"a worker process ended without its results (exit code {child.exitcode})") from None
    if isinstance(got, BaseException):
        raise got
    return got
