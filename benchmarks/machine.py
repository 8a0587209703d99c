"""What a benchmark ran on, printed with its figures: runs on different machines of the same kind
differ by a third on every figure (the ceilings too), so a figure is compared with its own run's, and
`python_loop_ms` (a fixed pure-Python loop, timed once) says how fast this machine was that day."""

import os
import platform
import sqlite3
import time


def machine() -> dict:
    return {"cpu": _cpu_model(), "cores": os.cpu_count(), "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version, "python_loop_ms": _python_loop_ms()}  # fmt: skip


def _python_loop_ms() -> float:
    started = time.perf_counter()
    total = 0
    for number in range(3_000_000):
        total += number * number % 7
    return round((time.perf_counter() - started) * 1000, 1)


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo") as info:
            for line in info:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()
