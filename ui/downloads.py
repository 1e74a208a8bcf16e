"""Downloads of personal data that only the session that asked for them can fetch, briefly.

A download button given bytes puts the file at a /media/… URL for as long as the session shows the
button, and Streamlit keeps it there after the session ends until two later clean-ups of any
session (MediaFileManager.remove_orphaned_files): anyone holding the URL can fetch it meanwhile,
without signing in (issue 12, finding 13). Here the button gets a callable instead (Streamlit's
deferred download): nothing is at any URL until the user clicks; the click makes the file, writes
the audit entry and only then puts the file in Streamlit's memory storage. `Expiry` then removes
it from that storage when its session ends or after JAKOSC_DOWNLOAD_SECONDS (default 60 s; the
browser fetches the file right after the click), whichever comes first.

Streamlit stores a deferred file under a hash of its bytes, MIME type and file name (its
memory_media_file_storage._calculate_file_id) and has no public call to delete one file; both
are used here, and tests/unit/test_audit_trail.py fails if a Streamlit upgrade changes them.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st
from streamlit.runtime import Runtime
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import _calculate_file_id
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

SWEEP_SECONDS = 1.0


def lifetime_seconds() -> float:
    return float(os.environ.get("JAKOSC_DOWNLOAD_SECONDS", "60"))


@dataclass
class Expiry:
    """Files made for a session, removed from the media storage when the session is gone or
    their time is up."""

    manager: MediaFileManager
    is_active: Callable[[str], bool]
    clock: Callable[[], float] = time.monotonic
    _files: dict[str, tuple[str, float]] = field(default_factory=dict)  # file id -> (session, deadline)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _sweeper: threading.Thread | None = None

    def add(self, data: bytes, mime: str, file_name: str, session_id: str) -> None:
        file_id = _calculate_file_id(data, mime, file_name)
        with self._lock:
            self._files[file_id] = (session_id, self.clock() + lifetime_seconds())
            if self._sweeper is None:
                self._sweeper = threading.Thread(target=self._sweep_while_pending, daemon=True)
                self._sweeper.start()

    def sweep(self) -> int:
        """Remove what expired; returns how many files are still pending. A file whose session
        ended is deleted at once but watched until its deadline: Streamlit stores it only after
        the click's callable returns, so an early delete may come before the file exists."""
        now = self.clock()
        with self._lock:
            for file_id, (session_id, deadline) in list(self._files.items()):
                if now >= deadline or not self.is_active(session_id):
                    # MemoryMediaFileStorage.delete_file; Streamlit's own clean-up later drops
                    # the file's metadata and tolerates the file being gone.
                    self.manager._storage.delete_file(file_id)
                if now >= deadline:
                    del self._files[file_id]
            return len(self._files)

    def _sweep_while_pending(self) -> None:
        while True:
            time.sleep(SWEEP_SECONDS)
            self.sweep()
            with self._lock:  # checked under the lock, so add() starts a new sweeper after this one
                if not self._files:
                    self._sweeper = None
                    return


_expiry: Expiry | None = None
_expiry_lock = threading.Lock()


def _shared_expiry() -> Expiry:
    global _expiry
    with _expiry_lock:
        if _expiry is None:
            runtime = Runtime.instance()
            _expiry = Expiry(runtime.media_file_mgr, runtime.is_active_session)
        return _expiry


def personal_download(
    label: str,
    make: Callable[[], bytes],
    *,
    file_name: str,
    mime: str,
    record: Callable[[], None],
    **button: object,
) -> None:
    """A download button for a file with personal data: `make` runs on click, then `record`
    writes the audit entry (no entry, no file); the file then stays at its URL only until the
    session ends or its time is up."""
    ctx = get_script_run_ctx()
    session_id = ctx.session_id if ctx else ""

    def deferred() -> bytes:
        data = make()
        record()
        if Runtime.exists():
            _shared_expiry().add(data, mime, file_name, session_id)
        return data

    st.download_button(label, data=deferred, file_name=file_name, mime=mime, on_click="ignore", **button)
