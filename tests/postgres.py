"""A throw-away PostgreSQL cluster for the tests: Debian's initdb and pg_ctl in a temporary
folder, on a free port, removed afterwards. Nothing is installed or left running.

initdb refuses to run as root; as root (CI containers) the cluster runs as Debian's `postgres`
user, which the postgresql package creates. Durability is switched off (fsync, synchronous
commit): a test database is thrown away anyway.

>>> cluster = Cluster.start()                                   # doctest: +SKIP
>>> url = cluster.new_database()                                # doctest: +SKIP
>>> cluster.stop()                                              # doctest: +SKIP
"""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import psycopg

TEMPLATE = "jakosc_template"


def postgres_bin() -> Path | None:
    """Debian's server programs (/usr/lib/postgresql/<version>/bin), the newest version."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parent.parent.name)
    )
    return Path(found[-1]).parent if found else None


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _as_server_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.getuid() == 0 else command


class Cluster:
    """A running throw-away cluster; `new_database()` hands out migrated, empty databases."""

    def __init__(self, folder: Path, port: int, bin_dir: Path):
        self.folder, self.port, self.bin_dir = folder, port, bin_dir
        self._numbers = itertools.count(1)
        self._template_ready = False

    @classmethod
    def start(cls) -> Cluster:
        bin_dir = postgres_bin()
        if bin_dir is None:
            raise RuntimeError("PostgreSQL (Debian's postgresql package) is not installed")
        folder = Path(tempfile.mkdtemp(prefix="jakosc-pg-"))
        if os.getuid() == 0:
            shutil.chown(folder, "postgres", "postgres")
        data = folder / "data"
        initdb = [str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8"]
        subprocess.run(
            _as_server_user([*initdb, "--locale=C.UTF-8", "--no-sync"]), check=True, capture_output=True
        )
        cluster = cls(folder, free_port(), bin_dir)
        cluster.start_server()
        return cluster

    def start_server(self) -> None:
        """Start the server (again: a test of the app surviving a stopped database)."""
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=300"
        )
        self.pg_ctl("-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def stop_server(self) -> None:
        """Stop the server, its data kept (`start_server` brings it back): fast shutdown, as an
        administrator's `systemctl stop postgresql` does; connections of the app are cut."""
        self.pg_ctl("-m", "fast", "-w", "stop")

    def restart_server(self) -> None:
        """Stop and start again. (A bare `pg_ctl restart` gives the server this process's output
        pipe, which it then never closes: the call would never return.)"""
        self.stop_server()
        self.start_server()

    def url(self, name: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    def admin(self, statement: str) -> None:
        with psycopg.connect(self.url(), autocommit=True) as connection:
            connection.execute(statement)

    def new_database(self) -> str:
        """A fresh database with the schema migrated (a copy of a template migrated once)."""
        if not self._template_ready:
            from storage.postgres import PostgresDatabase

            self.admin(f"CREATE DATABASE {TEMPLATE}")
            PostgresDatabase(self.url(TEMPLATE)).close()
            self._template_ready = True
        name = f"test_{os.getpid()}_{next(self._numbers)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def drop_database(self, url: str) -> None:
        self.admin(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    def pg_ctl(self, *arguments: str) -> None:
        subprocess.run(
            _as_server_user([str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), *arguments]),
            check=True,
            capture_output=True,
        )

    def stop(self) -> None:
        try:
            self.pg_ctl("-m", "immediate", "-w", "stop")
        finally:
            time.sleep(0.1)
            shutil.rmtree(self.folder, ignore_errors=True)
