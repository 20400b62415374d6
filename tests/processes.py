"""The processes a server started: what "no kernel was started" is checked against."""

from __future__ import annotations

from pathlib import Path


def kernels_of(pid: int) -> set[int]:
    """The ipykernel processes whose parent is ``pid``."""
    found = set()
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            stat_line = (proc / "stat").read_text()
            cmdline = (proc / "cmdline").read_bytes()
        except OSError:
            continue
        if int(stat_line.rsplit(")", 1)[1].split()[1]) == pid and b"ipykernel" in cmdline:
            found.add(int(proc.name))
    return found
