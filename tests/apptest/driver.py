"""Driving the app under AppTest the way a user would: fill a form, press its button, read
the screen, open a page by its URL path. AppTest has no public way to ask for a callable
st.Page by URL path, so open_url_path() sets the page hash a browser's request resolves to."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest
from streamlit.util import calc_hash

PROJECT = Path(__file__).resolve().parents[2]

# Page titles as shown at the top of each screen (i18n messages, Polish).
HOME_TITLE = "Jakość Obsługi Klienta"
LOGIN_TITLE = "Jakość Obsługi"
FIRST_RUN_TITLE = "Pierwsze uruchomienie"
FORBIDDEN = "Ta strona nie jest dostępna dla Twojej roli."


def start() -> AppTest:
    """A new browser session's first look at the app."""
    return AppTest.from_file(str(PROJECT / "app.py"), default_timeout=30).run()


def form(at: AppTest, form_id: str):
    """The form `form_id` on the screen; a form of ui.forms by its name (its key adds a number)."""
    for block in at.get("form"):
        if form_id in (block.proto.form.form_id, _named(block.proto.form.form_id)):
            return block
    raise AssertionError(f"no form {form_id!r} on the screen; titles: {titles(at)}")


def form_ids(at: AppTest) -> list[str]:
    """The forms on the screen; those of ui.forms by their names."""
    return [_named(block.proto.form.form_id) for block in at.get("form")]


def _named(form_id: str) -> str:
    """A ui.forms key ("add_department_0", the number moved on by each accepted send) without the number."""
    name, _, number = form_id.rpartition("_")
    return name if name and number.isdigit() else form_id


def fill(container, **values_by_label) -> None:
    """Type into the text inputs of `container` by their labels."""
    inputs = {widget.label: widget for widget in container.text_input}
    for label, value in values_by_label.items():
        inputs[label].input(value)


def submit(at: AppTest, form_id: str, button_label: str) -> AppTest:
    buttons = [b for b in form(at, form_id).button if b.label == button_label]
    assert buttons, f"no button {button_label!r} in form {form_id!r}"
    buttons[0].click()
    return at.run()


def widget(container, kind: str, label: str):
    """The one widget of `kind` ("selectbox", "multiselect", …) labelled `label` in `container`."""
    found = [w for w in getattr(container, kind) if w.label == label]
    assert len(found) == 1, f"{len(found)} {kind} labelled {label!r}"
    return found[0]


def choose(container, label: str, value) -> None:
    """Select `value` (the option itself, not its displayed text) in the selectbox `label`;
    the displayed text must be among the options offered."""
    box = widget(container, "selectbox", label)
    box.set_value(value)
    assert box.format_func(value) in box.options


def sign_in(at: AppTest, login: str, password: str) -> AppTest:
    fill(form(at, "login"), Login=login, **{"Hasło": password})
    return submit(at, "login", "Zaloguj się")


def sign_out(at: AppTest) -> AppTest:
    at.button(key="logout").click()
    return at.run()


def signed_in_as(at: AppTest) -> str | None:
    """The menu bar's "Zalogowano: …" line, or None when nobody is signed in."""
    found = [caption.value for caption in at.caption if caption.value.startswith("Zalogowano: ")]
    return found[0] if found else None


def titles(at: AppTest) -> list[str]:
    return [element.value for element in at.title]


def texts(elements) -> list[str]:
    return [element.value for element in elements]


def screen_text(at: AppTest) -> str:
    """Every text element of the screen, one per line."""
    kinds = ("title", "header", "subheader", "markdown", "caption", "info", "success", "error", "warning")
    return "\n".join(str(element.value) for kind in kinds for element in at.get(kind))


def open_url_path(at: AppTest, url_path: str) -> AppTest:
    """Ask for the page at /<url_path>, as a browser does; st.navigation decides what runs."""
    at._page_hash = calc_hash(url_path)
    return at.run()
