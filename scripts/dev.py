"""`make run`'s web server and background-task worker as one command (no extra dependency such as honcho).

    python scripts/dev.py [HOST:PORT]

Starts `nyinorge runserver` and `nyinorge db_worker` from this Python's environment with the caller's environment
(DATABASE_URL, DEBUG, ...), prefixes each line of their output with its name, and stops both when either exits or
on Ctrl+C / SIGTERM, so neither is left behind."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

STOP_WAIT_SECONDS = 10


def _pump(name: str, stream) -> None:
    for line in iter(stream.readline, ""):
        sys.stdout.write(f"{name:>6} | {line}")
        sys.stdout.flush()


def main() -> int:
    address = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:8000"
    nyinorge = str(Path(sys.executable).with_name("nyinorge"))
    commands = {
        "web": [nyinorge, "runserver", address],
        # All queues; no random start-up delay, so a run started right after `make run` begins at once.
        "worker": [nyinorge, "db_worker", "--queue-name", "*", "--no-startup-delay"],
    }
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    processes = {}
    for name, command in commands.items():
        # Own process groups: a Ctrl+C reaches this script, which stops each child (and its reloader) in turn.
        processes[name] = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                           text=True, start_new_session=True)
        threading.Thread(target=_pump, args=(name, processes[name].stdout), daemon=True).start()

    stopping = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopping.set())
    exited = None
    while not stopping.is_set() and exited is None:
        exited = next((name for name, process in processes.items() if process.poll() is not None), None)
        stopping.wait(0.5)
    if exited:
        print(f"{exited} exited with {processes[exited].returncode}; stopping the rest", flush=True)
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_WAIT_SECONDS
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    return processes[exited].returncode if exited else 0


if __name__ == "__main__":
    sys.exit(main())
