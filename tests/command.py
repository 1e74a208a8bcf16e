"""The `jakosc` command run as an office's IT runs it: in a process of its own, on a database file
or a PostgreSQL database, optionally against a running app's port. Shared by the tests that need a
real process (a server holding the file, file permissions); `in_process` calls cli.main in the
test's process.

    result = jakosc(db_path, "stats", "--json")
    assert result.returncode == 0, result.stderr
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from storage.db import PROJECT_DIR

_MAIN = "import sys; from cli.main import main; sys.exit(main(sys.argv[1:]))"


def jakosc(
    db_path: Path, *args: str, port: int | None = None, database_url: str | None = None, **run
) -> subprocess.CompletedProcess:
    """The command's outcome (text output captured); `port` is the running app's (JAKOSC_PORT);
    `database_url` a PostgreSQL database (JAKOSC_DATABASE_URL; by default the test's own setting);
    `run` passes on to subprocess.run (umask, check, timeout)."""
    env = {**os.environ, "JAKOSC_DB": str(db_path)}
    if port is not None:
        env["JAKOSC_PORT"] = str(port)
    if database_url is not None:
        env["JAKOSC_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-c", _MAIN, *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        **{"timeout": 600, **run},
    )


def in_process(capsys, monkeypatch) -> Callable[..., tuple[int, str, str]]:
    """`jakosc` run by cli.main in the test's process (quicker than a process of its own):
    run(*args, stdin="") -> (exit code, standard output, standard error)."""
    from cli.main import main

    def run(*args: str, stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run
