"""Several threads writing audit entries at once, each with its own database connection.

Used in-process by test_services, and run as `python -m jxjy.audit.tests.concurrent_writers WRITERS EACH`
against a file SQLite database (the test database there is in memory, where threads cannot wait for
each other's locks). Prints {"written": {writer: [seq, ...]}, "errors": [...]} as JSON."""

import json
import sys
import threading


def write_concurrently(writers: int, each: int) -> tuple[dict[int, list[int]], list[str]]:
    """The sequence numbers each writer was given, in the order it got them, and any errors."""
    from django.db import connection, transaction

    from jxjy.audit.services import audit_write

    start = threading.Barrier(writers)
    written: dict[int, list[int]] = {number: [] for number in range(writers)}
    errors: list[str] = []

    def writer(number: int) -> None:
        try:
            start.wait()
            # One transaction per entry, as a service would: writers interleave rather than take
            # turns for a whole batch.
            for n in range(each):
                with transaction.atomic():
                    entry = audit_write(
                        actor=None,
                        role="system",
                        action="test.concurrent",
                        object_type="tests.writer",
                        object_id=f"{number}-{n}",
                        after={"writer": number, "n": n, "说明": "并发写入"},
                    )
                written[number].append(entry.seq)
        except Exception as error:  # handed to the caller, which fails the test with it
            errors.append(f"writer {number}: {type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=writer, args=(number,)) for number in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return written, errors


if __name__ == "__main__":
    import django

    django.setup()
    written, errors = write_concurrently(int(sys.argv[1]), int(sys.argv[2]))
    print(json.dumps({"written": written, "errors": errors}))
