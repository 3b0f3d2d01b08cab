"""Idle CPU of Django's StatReloader on a tree, as a reference for the reloaders here.

Usage: django_stat_reloader.py <tree> <interval-ms> <idle-seconds>
"""
import pathlib
import sys
import time

import django
from django.utils import autoreload


def main():
    tree = pathlib.Path(sys.argv[1]).resolve()
    interval = int(sys.argv[2]) / 1000.0
    idle = int(sys.argv[3])
    reloader = autoreload.StatReloader()
    reloader.SLEEP_TIME = interval
    reloader.watch_dir(tree, "**/*")
    start = time.monotonic()
    files = sum(1 for _ in reloader.snapshot_files())
    setup_ms = (time.monotonic() - start) * 1000
    ticker = reloader.tick()
    next(ticker)
    cpu_before = time.process_time()
    wall_before = time.monotonic()
    ticks = 0
    while time.monotonic() - wall_before < idle:
        next(ticker)
        ticks += 1
    cpu = time.process_time() - cpu_before
    wall = time.monotonic() - wall_before
    print("%-10s %9.0f %11.2f %12.1f %8s %8s  Django %s StatReloader: %d files, a snapshot then a %d ms sleep"
          % ("django", setup_ms, 100.0 * cpu / wall, cpu * 1000 / ticks, "-", "-", django.get_version(), files,
             interval * 1000))


if __name__ == "__main__":
    main()
