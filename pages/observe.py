"""Supervisor: start, fill in, resume and send an observation (built under issue 3)."""

import streamlit as st

from ui import session


def render() -> None:
    session.require("observe")
    st.info("Formularz obserwacji – w przygotowaniu.")
