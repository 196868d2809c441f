"""Jobs are constants: each names a worker function that exists, and a mistyped one fails at import."""

import pytest

from service.jobs import JOBS, Job, Queue, check_jobs, enqueue_after_commit


def test_every_job_names_a_worker_function_that_declares_it():
    check_jobs()
    for job in JOBS:
        assert job.resolve().__module__ + "." + job.resolve().__name__ == job.function


def test_a_worker_function_declared_under_the_wrong_name_fails_when_its_module_imports():
    with pytest.raises(ImportError, match="workers.notifications.send_mesage"):
        Job(Queue.NOTIFICATIONS, "workers.notifications.send_mesage").runs(JOBS[0].resolve())


def test_a_job_named_by_a_string_is_refused():
    with pytest.raises(TypeError):
        enqueue_after_commit("workers.notifications.send_message", "id")
