"""The address of the browser behind this Streamlit session, for sign-in throttling and the audit log."""

from __future__ import annotations

import streamlit as st

from accounts.throttle import client_address


def address() -> str:
    """The client's address: the WebSocket peer, or a trusted proxy's header (accounts/throttle.py)."""
    try:
        peer, headers = st.context.ip_address, dict(st.context.headers)
    except Exception:  # no browser request behind this run (bare mode, AppTest)
        peer, headers = None, {}
    # Under AppTest the context is a mock: only text counts as an address or a header.
    peer = peer if isinstance(peer, str) else None
    return client_address(peer, {k: v for k, v in headers.items() if isinstance(v, str)})
