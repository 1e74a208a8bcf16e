"""The `jakosc` command run as an office's IT runs it: in a process of its own, on a database
file, optionally against a running app's port. Shared by the tests that need a real process
(a server holding the file, file permissions); tests/unit/test_cli.py calls cli.main in-process.

    result = jakosc(db_path, "stats", "--json")
    assert result.returncode == 0, result.stderr
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from storage.db import PROJECT_DIR

_MAIN = "import sys; from cli.main import main; sys.exit(main(sys.argv[1:]))"


def jakosc(db_path: Path, *args: str, port: int | None = None, **run) -> subprocess.CompletedProcess:
    """The command's outcome (text output captured); `port` is the running app's (JAKOSC_PORT);
    `run` passes on to subprocess.run (umask, check, timeout)."""
    env = {**os.environ, "JAKOSC_DB": str(db_path)}
    if port is not None:
        env["JAKOSC_PORT"] = str(port)
    return subprocess.run(
        [sys.executable, "-c", _MAIN, *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        **{"timeout": 600, **run},
    )
