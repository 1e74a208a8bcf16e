"""Forms that keep what was typed until it is stored: their fields empty only after a send that
the service accepted.

st.form(clear_on_submit=True) empties the fields at every send, a refused one too (a login
already taken, a date in the wrong order, the database out of reach): the user would type it all
again. Instead the form's key carries a number that an accepted send moves on; Streamlit derives
its widgets' identities from the form's key, so the next run draws new, empty fields.

    with st.form(forms.key("add_department")):
        ...
        if st.form_submit_button(...):
            try: ...
            except InputError as error: st.error(str(error))   # the fields keep their text
            else:
                forms.clear("add_department")
                st.rerun()

(The password form of the account page keeps clear_on_submit: a password is never kept.)
"""

from __future__ import annotations

import streamlit as st


def _counter(name: str) -> str:
    return f"form_sent_{name}"


def key(name: str) -> str:
    """The key of form `name` for this run (st.form's key)."""
    return f"{name}_{st.session_state.get(_counter(name), 0)}"


def clear(name: str) -> None:
    """Form `name` was stored: from the next run on it shows empty fields."""
    st.session_state[_counter(name)] = st.session_state.get(_counter(name), 0) + 1
