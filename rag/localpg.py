"""A throwaway PostgreSQL 16 + pgvector server on a Unix socket (the `pgserver` wheel's binaries),
with streaming replicas: for tests, benchmarks and trying the pgvector store on one machine.

No TCP port is opened: the servers listen on sockets in folders of their data directory's
parent, and trust local connections only, so no password exists to be committed.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class LocalServer:
    """One running server: its data folder, its socket folder and a URL psycopg connects with."""

    data_dir: Path
    socket_dir: Path
    handle: Any = None  # the pgserver handle of a primary

    @property
    def url(self) -> str:
        return f"postgresql://postgres@/postgres?host={self.socket_dir}"

    def stop(self) -> None:
        if self.handle is not None:
            self.handle.cleanup()
        else:
            _run("pg_ctl", ["-D", str(self.data_dir), "-m", "fast", "-w", "stop"])


def start_primary(data_dir: Path) -> LocalServer:
    """Start (creating if new) a server in data_dir; replication connections over the socket are trusted."""
    import pgserver

    data_dir = Path(data_dir)
    handle = pgserver.get_server(data_dir, cleanup_mode="stop")
    query = parse_qs(urlsplit(handle.get_uri()).query)
    return LocalServer(data_dir, Path(query["host"][0]), handle)


def start_replica(primary: LocalServer, data_dir: Path) -> LocalServer:
    """A hot standby of `primary`: a base backup taken with pg_basebackup, then streaming WAL."""
    data_dir = Path(data_dir)
    socket_dir = data_dir.parent / f"{data_dir.name}-socket"
    for folder in (data_dir, socket_dir):
        folder.mkdir(parents=True, exist_ok=True)
        _own(folder)
    data_dir.chmod(0o700)
    _run("pg_basebackup", ["-h", str(primary.socket_dir), "-U", "postgres", "-D", str(data_dir), "-R", "-X", "stream", "-c", "fast"])
    log = data_dir / "replica.log"
    _run("pg_ctl", ["-D", str(data_dir), "-w", "-l", str(log), "-o", '-h ""', "-o", f"-k {socket_dir}", "start"])
    return LocalServer(data_dir, socket_dir)


def wait_for_replay(primary: LocalServer, replica: LocalServer, timeout: float = 30.0) -> None:
    """Until the replica has replayed everything the primary has written so far."""
    import psycopg

    with psycopg.connect(primary.url, autocommit=True) as conn:
        target = conn.execute("SELECT pg_current_wal_lsn()").fetchone()[0]  # type: ignore[index]
    deadline = time.monotonic() + timeout
    with psycopg.connect(replica.url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)).fetchone()
            if row and row[0]:
                return
            time.sleep(0.05)
    raise TimeoutError(f"the replica did not replay {target} within {timeout:.0f} s")


def _binary(name: str) -> str:
    import pgserver

    return str(Path(pgserver.__file__).parent / "pginstall" / "bin" / name)


def _system_user() -> str | None:
    """PostgreSQL will not run as root; pgserver then runs it as its own user, and so do we."""
    return "pgserver" if os.geteuid() == 0 else None


def _own(folder: Path) -> None:
    user = _system_user()
    if user is not None:
        from pgserver.utils import ensure_prefix_permissions

        ensure_prefix_permissions(folder)  # its parents must be traversable by that user
        entry = pwd.getpwnam(user)
        shutil.chown(folder, entry.pw_uid, entry.pw_gid)


def _run(name: str, args: list[str]) -> None:
    result = subprocess.run([_binary(name), *args], capture_output=True, text=True, user=_system_user(), timeout=120, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"{name} failed ({result.returncode}): {result.stderr.strip() or result.stdout.strip()}")
