"""Shared look of every screen: large touch targets (at least 44 x 44 CSS px), the staff menu bar,
Streamlit's English built-in texts replaced or hidden, and the page's language for screen readers."""

import json

import streamlit as st

from i18n import t

_CSS = """
<style>
/* Touch targets: every button, radio option, checkbox and input at least 48 px high. */
.stButton button, .stFormSubmitButton button, .stDownloadButton button, .stLinkButton a {
    min-height: 48px; min-width: 48px; font-size: 1.05rem;
}
div[role="radiogroup"] label { min-height: 44px; display: flex; align-items: center; padding-right: 0.75rem; }
.stCheckbox label { min-height: 44px; min-width: 44px; display: flex; align-items: center; }
.stTextInput input, .stNumberInput input, .stDateInput input, .stTimeInput input { min-height: 44px; }
[data-testid="stSelectbox"] [role="group"], [data-testid="stMultiSelect"] [role="group"] { min-height: 44px; }
[data-testid="stSelectbox"] input[role="combobox"], [data-testid="stMultiSelect"] input[role="combobox"] { min-height: 42px; }
[data-testid="stSelectbox"] button, [data-testid="stMultiSelect"] button { min-width: 44px; min-height: 44px; }
[data-testid="stPageLink"] a, [data-testid="stPopover"] button { min-height: 44px; display: flex; align-items: center; }
[data-testid="stExpander"] summary { min-height: 44px; display: flex; align-items: center; }
[data-testid="stTabs"] button[role="tab"] { min-height: 44px; min-width: 44px; }
/* Segmented answer buttons (pills) used by the checklists and the client form. */
div[data-testid="stButtonGroup"] button { min-height: 48px; min-width: 56px; font-size: 1.05rem; }
/* The chosen answer must be unmistakable at arm's length: filled, white bold text. */
div[data-testid="stButtonGroup"] button[data-selected="true"] {
    background-color: #1F4E79 !important; border-color: #1F4E79 !important;
}
div[data-testid="stButtonGroup"] button[data-selected="true"] p { color: #FFFFFF !important; font-weight: 700; }

/* Streamlit's header holds only English (the main menu, "Running...", "Connecting") and, being
   fixed, covers the top of the page: the staff menu bar (ui/navigation.py) takes its place. */
[data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
[data-testid="stStatusWidget"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1rem; }
/* Streamlit's wide layout leaves 5rem on each side of a tablet or laptop screen: room that the
   menu bar and the dashboards need more. */
@media (min-width: 641px) {
    [data-testid="stMainBlockContainer"] { padding-left: 2rem; padding-right: 2rem; }
}
.st-key-page_language, [data-testid="stLayoutWrapper"]:has(> .st-key-page_language),
.st-key-preload_charts, [data-testid="stLayoutWrapper"]:has(> .st-key-preload_charts) { display: none; }

/* The staff menu bar: the pages as links in a row on wide screens, one "Menu" button below
   1400 px, where a supervisor's seven links and who is signed in do not fit in one row (and on
   a tablet every extra row costs an observation item). */
.st-key-menu_bar { border-bottom: 1px solid #D5DCE5; padding-bottom: 0.5rem; }
.st-key-menu_compact, [data-testid="stLayoutWrapper"]:has(> .st-key-menu_compact) { display: none; }
.st-key-menu_who, [data-testid="stLayoutWrapper"]:has(> .st-key-menu_who) { margin-left: auto; }
@media (max-width: 1399px) {
    .st-key-menu_links, [data-testid="stLayoutWrapper"]:has(> .st-key-menu_links) { display: none; }
    .st-key-menu_compact, [data-testid="stLayoutWrapper"]:has(> .st-key-menu_compact) { display: block; }
}
/* The "Menu" pop-over holding the sections in columns: as wide as they need, within the screen. */
[data-testid="stPopoverBody"]:has(.st-key-menu_sections) { width: min(60rem, calc(100vw - 2rem)); max-width: none; }
@media (max-width: 640px) {
    /* Menu and sign-out side by side; who is signed in on the line below. */
    .st-key-menu_who, [data-testid="stLayoutWrapper"]:has(> .st-key-menu_who) { order: 3; flex-basis: 100%; }
    .st-key-logout { margin-left: auto; }
}

/* Streamlit's "Press Enter to apply", "Press Ctrl+Enter to apply" and "Press Enter to submit
   form" are English whatever the language, and on a phone they cover the text being typed. The
   keys still work and leaving the field applies it too; a character counter stays, below. */
[data-testid="InputInstructions"] { position: static; text-align: right; }
[data-testid="InputInstructions"] > span:not(:last-child),
[data-testid="InputInstructions"] > span:only-child { display: none; }
[data-testid="InputInstructions"] > span::before { content: none !important; }

/* Streamlit's built-in English words that no widget parameter replaces: shown at size 0, with
   the words of the user's language after them. (They stay in the accessible name: a control
   without a name is worse for a screen reader than one with an English word in it.) */
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p,
[data-testid="stFileUploaderDropzoneInstructions"] span,
[role="option"][data-key^="__select_"] [data-item-hl],
[role="listbox"][data-empty] span { font-size: 0; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after { content: UPLOAD; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after { content: DROP; }
[role="option"][data-key="__select_all__"] [data-item-hl]::after { content: SELECT_ALL; }
[role="option"][data-key="__select_matches__"] [data-item-hl]::after { content: SELECT_MATCHES; }
[role="listbox"][data-empty] span::after { content: NO_RESULTS; }
[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p::after,
[role="option"][data-key^="__select_"] [data-item-hl]::after { font-size: 1rem; }
[data-testid="stFileUploaderDropzoneInstructions"] span::after,
[role="listbox"][data-empty] span::after { font-size: 0.875rem; }
</style>
"""


def apply(language: str = "pl") -> None:
    """The shared styles, with Streamlit's English built-in texts replaced in `language`."""
    css = _CSS
    for name, key in {
        "UPLOAD": "ui.upload",
        "DROP": "ui.upload_drop",
        "SELECT_ALL": "ui.select_all",
        "SELECT_MATCHES": "ui.select_matches",
        "NO_RESULTS": "ui.no_results",
    }.items():
        css = css.replace(
            f"content: {name};", f"content: {json.dumps(t(key, language), ensure_ascii=False)};"
        )
    st.html(css)


def page_language(language: str) -> None:
    """Declare the page's language (<html lang>) for screen readers and hyphenation (WCAG 3.1.1):
    Streamlit always declares "en". Its "Skip to main content" link gets the same language."""
    # A function, not top-level statements: every run of the script shares the page's globals.
    script = (
        f"<script>(() => {{ document.documentElement.lang = {json.dumps(language)};"
        "const skip = document.querySelector('[data-testid=\"stSkipToContent\"]');"
        f"if (skip) skip.textContent = {json.dumps(t('ui.skip_to_content', language))}; }})();</script>"
    )
    with st.container(key="page_language"):  # hidden: takes no room on the screen
        st.html(script, unsafe_allow_javascript=True)
