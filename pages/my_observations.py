"""Supervisor: own observations (built under issue 3)."""

import streamlit as st

from ui import session


def render() -> None:
    session.require("my_observations")
    st.info("Lista moich obserwacji – w przygotowaniu.")
