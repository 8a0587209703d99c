"""Several threads doing the same work at the same moment, each on its own database connection: for
the tests that show concurrent writers taking turns."""

import threading
from collections.abc import Callable
from typing import TypeVar

import pytest
from django.db import connection

Result = TypeVar("Result")


def skip_on_memory_sqlite() -> None:
    """Threads on the in-memory SQLite test database share nothing to wait on: such a test runs on
    PostgreSQL (and on a SQLite file)."""
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the in-memory SQLite test database cannot make threads wait for each other's locks")


def run_at_once(work: Callable[[], Result], times: int) -> tuple[list[Result], list[str]]:
    """Run `work` in `times` threads released together. Returns what the runs returned and what they
    raised ("Type: message"), for the test to assert on."""
    start = threading.Barrier(times)
    results: list[Result] = []
    errors: list[str] = []

    def run() -> None:
        try:
            start.wait()
            results.append(work())
        except Exception as error:  # handed to the test
            errors.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()  # each thread's own connection

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors
