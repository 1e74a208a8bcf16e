"""Shared look: large touch targets (at least 44 x 44 CSS px) and readable text on every screen."""

import streamlit as st

_CSS = """
<style>
/* Touch targets: every button, radio option, checkbox and input at least 48 px high. */
.stButton button, .stFormSubmitButton button, .stDownloadButton button, .stLinkButton a {
    min-height: 48px; min-width: 48px; font-size: 1.05rem;
}
div[role="radiogroup"] label { min-height: 44px; display: flex; align-items: center; padding-right: 0.75rem; }
.stCheckbox label { min-height: 44px; display: flex; align-items: center; }
.stTextInput input, .stNumberInput input, .stDateInput input, .stTimeInput input { min-height: 44px; }
[data-testid="stSelectbox"] [role="group"], [data-testid="stMultiSelect"] [role="group"] { min-height: 44px; }
[data-testid="stSelectbox"] input[role="combobox"], [data-testid="stMultiSelect"] input[role="combobox"] { min-height: 42px; }
[data-testid="stSelectbox"] button, [data-testid="stMultiSelect"] button { min-width: 44px; min-height: 44px; }
/* Segmented answer buttons (pills) used by the checklists and the client form. */
div[data-testid="stButtonGroup"] button { min-height: 48px; min-width: 56px; font-size: 1.05rem; }
/* The chosen answer must be unmistakable at arm's length: filled, white bold text. */
div[data-testid="stButtonGroup"] button[data-selected="true"] {
    background-color: #1F4E79 !important; border-color: #1F4E79 !important;
}
div[data-testid="stButtonGroup"] button[data-selected="true"] p { color: #FFFFFF !important; font-weight: 700; }
/* Less empty space above the title on tablets. */
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
</style>
"""


def apply() -> None:
    st.html(_CSS)
