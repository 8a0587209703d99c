"""The peak memory of a benchmark's child process, its own and not its parent's."""

import resource


def peak_rss_mb() -> float:
    """This process's peak resident memory since it started, in MB.

    Linux's ru_maxrss carries the parent's peak over the fork and the exec into the child (a parent
    holding a million people, or xlsxwriter's whole workbook, shows through); VmHWM belongs to this
    program's own memory only. Elsewhere ru_maxrss is the best there is."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
