"""The client form in Chromium, on a portrait kiosk (1080 x 1920) and on a phone (390 x 844).

Journeys: a full rating in Polish, English and Ukrainian (a first tap, a change of mind from the
details, the answers) that ends on the thank-you screen and is stored as one row in the chosen
language (the server is stopped to read the database); the thank-you screen returning to the
start by itself; the idle warning whose "Kontynuuj" keeps the answers, and the reset to the start
without it, which keeps the stored tap; no way from a kiosk URL to a staff page, menu or sidebar.
Every button and rating control on every screen is measured (>= 44 x 44 CSS px at both sizes),
no Polish or Ukrainian screen shows an English text of Streamlit's own ("Press Ctrl+Enter to
apply" under the comment among them), and every screen is photographed into
test-artifacts/kiosk_<viewport>_*.png.

Timers come from JAKOSC_KIOSK_*_SECONDS, set before the server starts (it inherits os.environ).
"""

from __future__ import annotations

import time
import uuid

import pytest
from playwright.sync_api import expect

from accounts.service import create_account
from i18n import MESSAGES
from storage import kiosks
from storage.departments import add_department
from tests.browser.conftest import ARTIFACTS, no_horizontal_scroll, screenshot, wait_for_app
from tests.conftest import PASSWORD

LANGUAGES = ("pl", "en", "uk")
LANGUAGE_NAMES = {"pl": "Polski", "en": "English", "uk": "Українська"}
CRITERIA = ("rating_time", "rating_manner", "rating_conditions", "rating_forms", "rating_information")
MIN_TARGET = 44  # CSS px (WCAG 2.5.5)
LONG = "3600"  # a timer that never fires during a test
# What the client taps, per language: overall, the five criteria, settled, a comment with a phone.
PLAN = {
    "pl": {
        "overall": 5,
        "criteria": (5, 4, 5, 4, 5),
        "settled": "yes",
        "comment": "Miła obsługa, tel. 600 123 456",
    },
    "en": {
        "overall": 3,
        "criteria": (2, 3, 4, 3, 2),
        "settled": "partly",
        "comment": "Slow queue, call 600-123-456",
    },
    "uk": {
        "overall": 1,
        "criteria": (1, 2, 1, 2, 1),
        "settled": "no",
        "comment": "Довго чекав, тел. +48 600 123 456",
    },
}
# Every visible button (segmented-control and pill options are buttons with role=radio): the
# things a finger has to hit.
TARGETS = "button:visible"
# Streamlit's own English texts (hints, placeholders, empty lists, status) that must never show
# on a Polish or Ukrainian screen of the form.
STREAMLIT_ENGLISH = ("Press", "Enter to", "apply", "Choose", "Select", "No results", "option", "Running")
SIZES: dict[str, list[tuple[str, float, float]]] = {}  # screen -> (control, width, height)


def msg(key: str, language: str = "pl") -> str:
    return MESSAGES[key][language]


def seed(server, *, admin: bool = False) -> dict:
    """Two departments, an unbound kiosk per language, a kiosk bound to KM and a revoked one;
    the file is closed again before the server opens it."""
    db = server.open_database()
    try:
        km = add_department(db, "KM", "Wydział Komunikacji", "test")
        gk = add_department(db, "GK", "Wydział Geodezji i Kartografii", "test")
        tokens = {
            language: kiosks.add_kiosk(db, f"Kiosk {language}", None, "test")[1] for language in LANGUAGES
        }
        kiosk_ids = {language: kiosks.by_token(db, token)["id"] for language, token in tokens.items()}
        _, bound = kiosks.add_kiosk(db, "Kiosk KM", km, "test")
        revoked_id, revoked = kiosks.add_kiosk(db, "Stary kiosk", None, "test")
        kiosks.revoke(db, revoked_id, "test")
        if admin:
            create_account(
                db, login="admin", password=PASSWORD, role="admin", display_name="Admin", actor="test"
            )
    finally:
        db.close()
    return {"KM": km, "GK": gk, "tokens": tokens, "kiosk_ids": kiosk_ids, "bound": bound, "revoked": revoked}


def timers(monkeypatch, *, idle: str = LONG, warning: str = LONG, thanks: str = LONG) -> None:
    monkeypatch.setenv("JAKOSC_KIOSK_IDLE_SECONDS", idle)
    monkeypatch.setenv("JAKOSC_KIOSK_WARNING_SECONDS", warning)
    monkeypatch.setenv("JAKOSC_KIOSK_THANKS_SECONDS", thanks)


def stored(server) -> list[dict]:
    server.stop()
    db = server.open_database()
    try:
        return db.query_dicts("SELECT * FROM client_ratings ORDER BY created_at")
    finally:
        db.close()


# --- driving the form ------------------------------------------------------------------------


def heading(page, key: str, language: str = "pl"):
    return page.get_by_role("heading", name=msg(key, language), exact=True)


def open_form(page, url: str) -> None:
    page.set_default_timeout(45_000)  # generous: two shared cores, other suites running too
    page.goto(url)
    wait_for_app(page)


def tap(locator) -> None:
    locator.click()
    wait_for_app(locator.page)


def choose_language(page, language: str) -> None:
    radio = page.get_by_role("radio", name=LANGUAGE_NAMES[language], exact=True)
    if radio.get_attribute("aria-checked") != "true":
        tap(radio)
    heading(page, "survey.title", language).wait_for()
    page_language_is(page, language)


def page_language_is(page, language: str) -> None:
    """<html lang> follows the client's language (set by a script right after the screen)."""
    page.wait_for_function("language => document.documentElement.lang === language", arg=language)


def choose_overall(page, value: int, language: str = "pl") -> None:
    tap(page.get_by_role("button", name=f"{value} – {msg(f'survey.scale.{value}', language)}"))
    heading(page, "survey.details_title", language).wait_for()


def answer(page, criterion_label: str, option: str) -> None:
    tap(
        page.get_by_role("radiogroup", name=criterion_label, exact=True).get_by_role(
            "radio", name=option, exact=True
        )
    )


def checked(page, criterion_label: str) -> list[str]:
    group = page.get_by_role("radiogroup", name=criterion_label, exact=True)
    return [
        r.inner_text().strip()
        for r in group.get_by_role("radio").all()
        if r.get_attribute("aria-checked") == "true"
    ]


def choose_department(page, language: str, name: str) -> None:
    answer(page, msg("survey.department", language), name)


def write_comment(page, language: str, text: str, photo: str | None = None) -> None:
    """Type the comment; while the box is still focused, under it only the character counter
    (no "Press Ctrl+Enter to apply", which on a phone covered the typed text)."""
    box = page.get_by_label(msg("survey.comment", language), exact=True)
    box.fill(text)
    hints = page.locator('[data-testid="stTextArea"] [data-testid="InputInstructions"]')
    expect(hints).to_have_text(f"{len(text)}/500", use_inner_text=True)
    assert "Ctrl" not in page.locator('[data-testid="stMain"]').inner_text()
    if photo:
        screenshot(page, photo)
    box.blur()  # Streamlit takes a text area's value when it loses focus
    wait_for_app(page)


def send(page, language: str) -> None:
    tap(page.get_by_role("button", name=msg("survey.send", language)))
    heading(page, "survey.thanks_title", language).wait_for()


def idle_warning(page):
    return page.locator(".st-key-kiosk_idle_warning")


# --- looking at it ---------------------------------------------------------------------------


def photograph(page, name: str) -> None:
    """The whole screen, however long: Streamlit scrolls inside its main block, so a tall
    form is photographed by growing the viewport to the content for a moment."""
    size = page.viewport_size
    height = page.evaluate(
        "() => Math.max(window.innerHeight, document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0)"
    )
    if height > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": int(height)})
        page.wait_for_timeout(300)
    screenshot(page, name)
    if height > size["height"]:
        page.set_viewport_size(size)
        page.wait_for_timeout(300)


def measure(page) -> list[tuple[str, int, int]]:
    """(name, width, height) of every control on the screen, read in one go."""
    found = page.locator(TARGETS).evaluate_all(
        """controls => controls.map(c => {
            const box = c.getBoundingClientRect();
            const name = c.getAttribute("role") === "group"
                ? "department combobox" : (c.getAttribute("aria-label") || c.innerText);
            return [name, box.width, box.height];
        })"""
    )
    measured = []
    for name, width, height in found:
        name = " ".join(word for word in name.split() if word not in ("star", "arrow_back", "send"))
        measured.append(("rating option 1-5" if name.isdigit() else name[:30], round(width), round(height)))
    return measured


def check_screen(page, viewport: str, name: str, language: str = "pl") -> None:
    """Fits the width; every control is a 44 x 44 px target; no English of Streamlit's on a
    Polish or Ukrainian screen; photographed."""
    assert no_horizontal_scroll(page), f"{name}: wider than the screen"
    measured = measure(page)
    SIZES[f"{viewport}/{name}"] = measured
    small = [m for m in measured if m[1] < MIN_TARGET or m[2] < MIN_TARGET]
    assert not small, f"{name}: touch targets under {MIN_TARGET} px: {small}"
    if language != "en":
        text = page.locator("body").inner_text()
        assert not [word for word in STREAMLIT_ENGLISH if word in text], f"{name}: English on screen"
        skip_links = page.locator('a[href="#stMain"]').all_text_contents()  # read out, not shown
        assert skip_links in ([], [msg("ui.skip_to_content", language)]), f"{name}: {skip_links}"
    photograph(page, f"kiosk_{viewport}_{name}")


# Per size: the smallest height of a face's button and of its words (CSS px): on a kiosk, readable
# from a step away.
FACE_SIZES = {"kiosk": (200, 40), "phone": (64, 22)}


def faces_fill_the_screen(page, viewport: str) -> None:
    """All five faces on the first screen, without scrolling, large in proportion to it."""
    found = page.evaluate(
        """() => [5, 4, 3, 2, 1].map(value => {
            const button = document.querySelector(`.st-key-survey_overall_${value} button`);
            const box = button.getBoundingClientRect();
            return [box.top, box.bottom, parseFloat(getComputedStyle(button.querySelector("p")).fontSize)];
        })"""
    )
    height = page.viewport_size["height"]
    least_height, least_font = FACE_SIZES[viewport]
    assert found[-1][1] <= height, f"the last face ends at {found[-1][1]} px of {height}"
    assert all(bottom - top >= least_height and font >= least_font for top, bottom, font in found), found
    assert (found[-1][1] - found[0][0]) / height >= 0.5, "the faces fill most of the screen"


@pytest.fixture(scope="module", autouse=True)
def size_table():
    """After the module: one line per screen and kind of control (how many, smallest width and
    height), printed (pytest -s) and kept in test-artifacts/kiosk_target_sizes.txt."""
    yield
    if not SIZES:
        return
    lines = [f"{'viewport/screen':<28} {'control':<30} {'n':>3} {'min w':>6} {'min h':>6}"]
    for screen, measured in sorted(SIZES.items()):
        kinds: dict[str, list[tuple[int, int]]] = {}
        for label, width, height in measured:
            kinds.setdefault(label, []).append((width, height))
        for label, sizes in kinds.items():
            width, height = min(w for w, _ in sizes), min(h for _, h in sizes)
            lines.append(f"{screen:<28} {label:<30} {len(sizes):>3} {width:>6} {height:>6}")
    table = "\n".join(lines)
    print(f"\nTouch targets (CSS px; asserted >= {MIN_TARGET}):\n{table}")
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "kiosk_target_sizes.txt").write_text(table + "\n", encoding="utf-8")


# --- the journeys ----------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", ["kiosk", "phone"])
def test_a_full_rating_in_each_language(live_server, open_page, monkeypatch, viewport):
    """Kiosk: each language on its own unbound kiosk (the department is asked). Phone: the
    QR address of Wydział Komunikacji (the department is not asked)."""
    data = seed(live_server)
    timers(monkeypatch)
    live_server.start()
    for language in LANGUAGES:
        plan = PLAN[language]
        page = open_page(viewport)
        if viewport == "kiosk":
            open_form(page, f"{live_server.url}/?kiosk={data['tokens'][language]}")
        else:
            open_form(page, f"{live_server.url}/?dzial=km")
        heading(page, "survey.title").wait_for()
        choose_language(page, language)
        expect(page.get_by_text(msg("survey.intro", language), exact=True)).to_be_visible()
        check_screen(page, viewport, f"{language}_1_start", language)
        faces_fill_the_screen(page, viewport)

        first = plan["overall"] % 5 + 1  # a first tap, then a change of mind from the details
        choose_overall(page, first, language)
        chosen = msg("survey.overall_chosen", language).format(
            value=first, label=msg(f"survey.scale.{first}", language)
        )
        expect(page.get_by_role("status")).to_contain_text(chosen)  # the tap is confirmed as saved
        assert "ocena=" in page.url  # the visit is in the address (a reload continues it)
        tap(page.get_by_role("button", name=msg("survey.change_overall", language)))
        saved = msg("survey.overall_saved_change", language).format(
            value=first, label=msg(f"survey.scale.{first}", language)
        )
        expect(page.get_by_text(saved, exact=True)).to_be_visible()
        check_screen(page, viewport, f"{language}_1_start_saved", language)

        choose_overall(page, plan["overall"], language)
        for criterion, value in zip(CRITERIA, plan["criteria"], strict=True):
            answer(page, msg(f"survey.criterion.{criterion}", language), str(value))
        answer(page, msg("survey.settled", language), msg(f"survey.settled.{plan['settled']}", language))
        department = page.get_by_role("radiogroup", name=msg("survey.department", language))
        if viewport == "kiosk":
            choose_department(page, language, "Wydział Geodezji i Kartografii")
        else:
            assert department.count() == 0
        write_comment(page, language, plan["comment"], photo=f"kiosk_{viewport}_{language}_2_typing")
        for criterion, value in zip(CRITERIA, plan["criteria"], strict=True):
            assert checked(page, msg(f"survey.criterion.{criterion}", language)) == [str(value)]
        check_screen(page, viewport, f"{language}_2_details", language)

        send(page, language)
        expect(page.get_by_text(msg("survey.thanks_body", language), exact=True)).to_be_visible()
        assert "ocena=" not in page.url  # a reload of the thank-you screen starts a new visit
        check_screen(page, viewport, f"{language}_3_thanks", language)

    page = open_page(viewport)
    open_form(page, f"{live_server.url}/?kiosk={data['revoked']}")
    heading(page, "survey.inactive_title").wait_for()
    assert page.get_by_role("button").count() == 0
    check_screen(page, viewport, "inactive")

    rows = stored(live_server)
    assert len(rows) == len(LANGUAGES)  # one row per visit: the change of mind changed its row
    assert all(row["completed_at"] is not None for row in rows)
    by_language = {row["language"]: row for row in rows}
    assert set(by_language) == set(LANGUAGES)
    for language, row in by_language.items():
        plan = PLAN[language]
        assert row["overall"] == plan["overall"]
        assert tuple(row[c] for c in CRITERIA) == plan["criteria"]
        assert row["settled"] == plan["settled"]
        assert "600" not in row["comment"] and row["comment_status"] == "pending"
        if viewport == "kiosk":
            assert (row["channel"], row["kiosk_id"]) == ("kiosk", data["kiosk_ids"][language])
            assert row["department_id"] == data["GK"]
        else:
            assert (row["channel"], row["kiosk_id"], row["department_id"]) == ("qr", None, data["KM"])


@pytest.mark.parametrize("viewport", ["kiosk", "phone"])
def test_the_thank_you_screen_returns_to_the_start_by_itself(live_server, open_page, monkeypatch, viewport):
    thanks_seconds = 3
    data = seed(live_server)
    timers(monkeypatch, thanks=str(thanks_seconds))
    live_server.start()
    page = open_page(viewport)
    open_form(page, f"{live_server.url}/?kiosk={data['tokens']['en']}")
    choose_language(page, "en")
    choose_overall(page, 4, "en")
    send(page, "en")
    shown = time.monotonic()
    # Back at the start, in Polish again, for the next client: no tap needed.
    heading(page, "survey.title", "pl").wait_for(timeout=60_000)
    assert time.monotonic() - shown >= thanks_seconds - 1.5  # not before its time (1 s ticks)
    wait_for_app(page)
    page_language_is(page, "pl")
    assert not heading(page, "survey.thanks_title", "en").is_visible()
    language_switch = page.get_by_role("radiogroup", name="Język / Language / Мова")
    assert [r.inner_text() for r in language_switch.get_by_role("radio", checked=True).all()] == ["Polski"]
    photograph(page, f"kiosk_{viewport}_after_thanks")
    assert [row["overall"] for row in stored(live_server)] == [4]


@pytest.mark.parametrize("viewport", ["kiosk", "phone"])
def test_the_idle_warning_continue_keeps_the_answers(live_server, open_page, monkeypatch, viewport):
    data = seed(live_server)
    timers(monkeypatch, idle="4", warning="300")
    live_server.start()
    page = open_page(viewport)
    open_form(page, f"{live_server.url}/?kiosk={data['tokens']['pl']}")
    heading(page, "survey.title").wait_for()
    choose_overall(page, 2)
    time_label, settled_label = msg("survey.criterion.rating_time"), msg("survey.settled")
    answer(page, time_label, "2")
    answer(page, settled_label, msg("survey.settled.partly"))
    write_comment(page, "pl", "Długo czekałem")
    send_button = page.get_by_role("button", name=msg("survey.send"))
    send_button.scroll_into_view_if_needed()  # on a phone the client is at the bottom now

    warning = idle_warning(page)
    warning.wait_for(timeout=60_000)
    expect(warning.get_by_text("Czy nadal wypełniasz ankietę?")).to_be_visible()
    # In view without scrolling, wherever the client is on the page.
    box, view = warning.bounding_box(), page.viewport_size
    assert box["y"] >= 0 and box["y"] + box["height"] <= view["height"]
    continue_button = warning.get_by_role("button", name=msg("survey.idle_continue"), exact=True)
    expect(continue_button).to_be_visible()
    screenshot(page, f"kiosk_{viewport}_idle_warning_in_view")
    check_screen(page, viewport, "idle_warning")

    tap(continue_button)
    warning.wait_for(state="hidden")
    expect(heading(page, "survey.details_title")).to_be_visible()
    assert checked(page, time_label) == ["2"]
    assert checked(page, settled_label) == [msg("survey.settled.partly")]
    assert page.get_by_label(msg("survey.comment"), exact=True).input_value() == "Długo czekałem"
    send(page, "pl")
    [row] = stored(live_server)
    assert (row["overall"], row["rating_time"], row["settled"], row["comment"]) == (
        2,
        2,
        "partly",
        "Długo czekałem",
    )


@pytest.mark.parametrize("viewport", ["kiosk", "phone"])
def test_without_continue_the_form_resets_to_the_start(live_server, open_page, monkeypatch, viewport):
    idle, warning_seconds = 3, 4
    data = seed(live_server)
    timers(monkeypatch, idle=str(idle), warning=str(warning_seconds))
    live_server.start()
    page = open_page(viewport)
    open_form(page, f"{live_server.url}/?kiosk={data['tokens']['uk']}")
    choose_language(page, "uk")
    choose_overall(page, 5, "uk")
    time_label = msg("survey.criterion.rating_time", "uk")
    answer(page, time_label, "5")
    warning = idle_warning(page)
    warning.wait_for(timeout=60_000)
    expect(warning.get_by_text(msg("survey.idle_warning", "uk").split("{")[0].strip())).to_be_visible()
    photograph(page, f"kiosk_{viewport}_idle_warning")
    shown = time.monotonic()

    heading(page, "survey.title", "pl").wait_for(timeout=60_000)  # reset: start, in Polish
    assert time.monotonic() - shown >= warning_seconds - 2
    wait_for_app(page)
    assert not warning.is_visible()
    page_language_is(page, "pl")
    photograph(page, f"kiosk_{viewport}_after_reset")
    # The untouched start screen is left alone: no warning however long it waits.
    page.wait_for_timeout((idle + warning_seconds + 2) * 1000)
    assert not warning.is_visible() and heading(page, "survey.title", "pl").is_visible()

    choose_overall(page, 3)  # the next client starts on an empty form
    assert checked(page, msg("survey.criterion.rating_time")) == []
    assert page.get_by_label(msg("survey.comment"), exact=True).input_value() == ""
    # The reset kept the first client's tap (its answer to a criterion was never sent); the next
    # client's tap is a visit of its own.
    rows = [(r["language"], r["overall"], r["rating_time"], r["completed_at"]) for r in stored(live_server)]
    assert rows == [("uk", 5, None, None), ("pl", 3, None, None)]


def test_a_kiosk_url_leads_to_no_staff_page(live_server, open_page, monkeypatch):
    """Even a browser where an administrator is signed in sees only the form on a kiosk URL."""
    data = seed(live_server, admin=True)
    timers(monkeypatch)
    live_server.start()
    page = open_page("kiosk")
    open_form(page, live_server.url)
    page.get_by_label("Login", exact=True).fill("admin")
    page.get_by_label("Hasło", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Zaloguj się").click()
    deadline = time.monotonic() + 30
    while not any(c["name"] == "jakosc_session" for c in page.context.cookies()):
        assert time.monotonic() < deadline, "the session cookie never arrived"
        page.wait_for_timeout(200)

    token = data["tokens"]["pl"]
    staff_titles = [MESSAGES[key]["pl"] for key in MESSAGES if key.startswith("nav.")]
    for path in (
        f"/konta?kiosk={token}",
        f"/kioski?kiosk={token}",
        f"/?kiosk={token}&x=/konta",
        f"/?kiosk={token}",
    ):
        open_form(page, live_server.url + path)
        # By the main block, not by role: see the xfail test below about a dialog over the form.
        main = page.locator('[data-testid="stMain"]')
        expect(main.locator("h1")).to_have_text(msg("survey.title"))
        assert page.locator('[data-testid="stSidebar"]').count() == 0, path
        for chrome in (
            "stHeader",
            "stToolbar",
            "stMainMenu",
            "stSidebarCollapsedControl",
            "stExpandSidebarButton",
        ):
            assert not page.locator(f'[data-testid="{chrome}"]').is_visible(), (path, chrome)
        hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        assert all(href.startswith("#") for href in hrefs), (path, hrefs)  # only in-page skip links
        text = main.inner_text()
        assert not any(title in text for title in staff_titles), path
        assert msg("admin.accounts.title") not in text and "Admin" not in text
    check_screen(page, "kiosk", "no_staff_chrome")

    open_form(page, f"{live_server.url}/konta?kiosk={data['revoked']}")
    main = page.locator('[data-testid="stMain"]')
    expect(main.locator("h1")).to_have_text(msg("survey.inactive_title"))
    assert page.locator('[data-testid="stSidebar"]').count() == 0
    assert main.locator("button").count() == 0

    # The same browser without the kiosk parameter is the staff app again, signed in: the checks
    # above would have seen its pages if there were any to see.
    open_form(page, f"{live_server.url}/konta")
    expect(page.locator('[data-testid="stMain"] h1')).to_have_text(msg("admin.accounts.title"))


def test_a_staff_path_with_a_kiosk_token_opens_no_dialog(live_server, open_page, monkeypatch):
    data = seed(live_server)
    timers(monkeypatch)
    live_server.start()
    page = open_page("kiosk")
    open_form(page, f"{live_server.url}/konta?kiosk={data['tokens']['pl']}")
    expect(page.locator('[data-testid="stMain"] h1')).to_have_text(msg("survey.title"))
    page.wait_for_timeout(1000)  # the dialog, when there is one, follows the page run
    photograph(page, "kiosk_kiosk_staff_path_dialog")
    assert page.locator('[data-testid="stDialog"]').count() == 0


def test_the_next_client_on_the_same_kiosk_is_a_new_rating(live_server, open_page, monkeypatch):
    """Two clients one after the other on the same kiosk (after the double-tap gap) are two ratings."""
    data = seed(live_server)
    timers(monkeypatch)
    live_server.start()
    page = open_page("kiosk")
    open_form(page, f"{live_server.url}/?kiosk={data['tokens']['pl']}")
    choose_overall(page, 5)
    send(page, "pl")
    tap(page.get_by_role("button", name=msg("survey.again"), exact=True))
    page.wait_for_timeout(3500)  # MIN_GAP: a quicker second send is taken for a double tap
    choose_overall(page, 1)
    send(page, "pl")
    rows = stored(live_server)
    assert [row["overall"] for row in rows] == [5, 1]
    assert len({uuid.UUID(str(row["id"])) for row in rows}) == 2
