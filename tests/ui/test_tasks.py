"""The task runner: results, errors, progress and cancellation arrive on the UI thread."""

from __future__ import annotations

import sys
import threading
import time

import pytest

from attendance_desk.ui.tasks import Lane, TaskCancelled, TaskControl, TaskRunner


@pytest.fixture
def runner(qtbot):
    r = TaskRunner()
    yield r
    r.shutdown(wait=True)


def test_result_is_delivered_on_the_ui_thread(qtbot, runner: TaskRunner) -> None:
    main = threading.get_ident()
    worker_threads: list[int] = []
    results: list[tuple[int, int]] = []

    def work(control: TaskControl) -> int:
        worker_threads.append(threading.get_ident())
        return 42

    runner.run(work, on_done=lambda value: results.append((value, threading.get_ident())))
    qtbot.waitUntil(lambda: bool(results), timeout=5000)
    assert results == [(42, main)]
    assert worker_threads and worker_threads[0] != main
    qtbot.waitUntil(lambda: runner.active_count == 0, timeout=5000)


def test_errors_go_to_on_error_or_to_the_excepthook(qtbot, runner: TaskRunner, monkeypatch) -> None:
    errors: list[BaseException] = []

    def fail(control: TaskControl) -> None:
        raise ValueError("bad row")

    runner.run(fail, on_error=errors.append)
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert str(errors[0]) == "bad row"
    hooked: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: hooked.append(e))
    runner.run(fail)
    qtbot.waitUntil(lambda: bool(hooked), timeout=5000)
    assert isinstance(hooked[0], ValueError)


def test_a_refusal_goes_to_the_status_bar_not_the_error_dialog(qtbot, runner: TaskRunner, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from attendance_desk.domain.access import Permission, who_can
    from attendance_desk.services.access import PermissionRefused

    hooked: list[BaseException] = []
    monkeypatch.setattr(sys, "excepthook", lambda t, e, tb: hooked.append(e))

    def refuse(control: TaskControl) -> None:
        raise PermissionRefused(Permission.READ_PUPILS, who_can(Permission.READ_PUPILS))

    with qtbot.waitSignal(runner.refused, timeout=5000) as said:
        runner.run(refuse)
    assert said.args == [who_can(Permission.READ_PUPILS)] and hooked == []


def test_progress_and_cancel(qtbot, runner: TaskRunner) -> None:
    started = threading.Event()
    progress: list[tuple[int, int, str]] = []
    cancelled: list[bool] = []
    done: list[object] = []

    def long_work(control: TaskControl) -> str:
        for i in range(1000):
            control.progress(i, 1000, f"step {i}")
            started.set()
            control.raise_if_cancelled()
            time.sleep(0.005)
        return "finished"

    handle = runner.run(
        long_work,
        on_progress=lambda d, t, m: progress.append((d, t, m)),
        on_cancelled=lambda: cancelled.append(True),
        on_done=done.append,
        lane=Lane.WRITE,
    )
    assert started.wait(5)
    qtbot.waitUntil(lambda: bool(progress), timeout=5000)
    handle.cancel()
    qtbot.waitUntil(lambda: bool(cancelled), timeout=5000)
    assert done == [] and handle.finished
    assert progress[0][1] == 1000 and progress[0][2].startswith("step")


def test_write_lane_runs_one_task_at_a_time(qtbot, runner: TaskRunner) -> None:
    running = 0
    peak = 0
    lock = threading.Lock()
    finished: list[int] = []

    def write(control: TaskControl) -> int:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        time.sleep(0.02)
        with lock:
            running -= 1
        return 1

    for _ in range(4):
        runner.run(write, on_done=finished.append, lane=Lane.WRITE)
    qtbot.waitUntil(lambda: len(finished) == 4, timeout=5000)
    assert peak == 1


def test_synchronous_runner_calls_back_before_run_returns(qtbot) -> None:
    runner = TaskRunner(synchronous=True)
    seen: list[object] = []
    runner.run(lambda control: "now", on_done=seen.append)
    assert seen == ["now"]
    runner.run(lambda control: (_ for _ in ()).throw(TaskCancelled()), on_cancelled=lambda: seen.append("cancel"))
    assert seen == ["now", "cancel"]
    assert runner.active_count == 0
