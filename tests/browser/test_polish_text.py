"""No English word from Streamlit's built-in texts on any Polish screen, in Chromium at laptop
size (1366 x 768): every page of every role on an office with data (tests/browser/staff_office.py),
with each drop-down list opened (and one filtered to nothing), text typed into a text field and a
text area, every tab and expander opened; the login form and the client form too.

What is scanned is the visible text: every rendered text node (Material icons, which show their
name as a ligature, and text at font size 0, which ui/style.py uses to replace Streamlit's words,
left out) and the placeholders of fields. Zero hits allowed.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from accounts.roles import Role
from i18n import t
from tests.browser import staff_office as office
from tests.browser.conftest import screenshot, wait_for_app
from tests.browser.staff_office import open_path, role_paths

staff_office, role_page = office.staff_office, office.role_page  # the module's fixtures

# Streamlit's built-in English texts (1.67): widget placeholders and drop-down entries, the file
# uploader, input hints, the header's menu and status, the skip link, dialogs, overflow menus.
ENGLISH = (
    "Choose an option",
    "Choose options",
    "Select all",
    "Select \\d+ matches",
    "No results",
    "Add options",
    "You can only select",
    "Drag and drop",
    "per file",
    "Browse files",
    "Upload",
    "Press Enter",
    "Enter to apply",
    "Enter to submit",
    "Running",
    "Deploy",
    "Rerun",
    "Settings",
    "Print",
    "Record a screencast",
    "Clear all",
    "Skip to main content",
    "Page not found",
    "\\d+ more",
    "view more",
    "Connecting",
)


FOUND = re.compile("|".join(f"\\b{text}\\b" for text in ENGLISH))

VISIBLE_TEXT = """() => {
    const parts = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        if (!element || element.closest('[data-testid="stIconMaterial"], script, style')) continue;
        if (!element.checkVisibility({visibilityProperty: true})) continue;
        if (parseFloat(getComputedStyle(element).fontSize) === 0) continue;
        const text = node.textContent.trim();
        if (text) parts.push(text);
    }
    for (const field of document.querySelectorAll("input[placeholder], textarea[placeholder]")) {
        if (field.checkVisibility({visibilityProperty: true})) parts.push(field.placeholder);
    }
    return parts.join("\\n");
}"""
MAIN = '[data-testid="stMain"]'
DROP_DOWNS = f'{MAIN} [data-testid="stSelectbox"] input, {MAIN} [data-testid="stMultiSelect"] input'


class Scan:
    """English found on the screens, with where and when."""

    def __init__(self, page):
        self.page = page
        self.found: list[str] = []

    def __call__(self, where: str) -> None:
        text = self.page.evaluate(VISIBLE_TEXT)
        self.found += [f"{where}: {hit!r}" for hit in sorted(set(FOUND.findall(text)))]


def visible(locator) -> list:
    return [element for element in locator.all() if element.is_visible()]


def open_drop_down(page, field) -> None:
    """Click the field until its list shows: a page still rerunning can swallow the first click."""
    for _attempt in range(3):
        wait_for_app(page)
        field.click()
        try:
            page.get_by_role("listbox").first.wait_for(timeout=5_000)
            return
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    raise AssertionError(f"the drop-down {field.get_attribute('aria-label')!r} does not open")


def open_every_drop_down(page, scan: Scan, where: str) -> None:
    for number, field in enumerate(visible(page.locator(DROP_DOWNS))[:8]):
        if not field.is_enabled():
            continue
        open_drop_down(page, field)
        scan(f"{where}, drop-down {number + 1} open")
        if number == 0:  # a filter that matches nothing
            page.keyboard.type("§§§")
            page.wait_for_timeout(300)
            scan(f"{where}, drop-down filtered to nothing")
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")


def type_into_fields(page, scan: Scan, where: str) -> None:
    """The input hints show while a field holds typed text and keeps the focus."""
    for selector in (f"{MAIN} textarea", f'{MAIN} [data-testid="stTextInput"] input[type="text"]'):
        fields = visible(page.locator(selector))
        if fields:
            fields[0].click()
            page.keyboard.type("abc")
            page.wait_for_timeout(300)
            scan(f"{where}, typing in {selector.split()[-1]}")
            page.keyboard.press("Control+A")
            page.keyboard.press("Backspace")
            page.keyboard.press("Tab")
            wait_for_app(page)


def open_tabs_and_expanders(page, scan: Scan, where: str) -> None:
    for tab in visible(page.locator(f'{MAIN} button[role="tab"]'))[1:]:
        tab.click()
        page.wait_for_timeout(300)
        scan(f"{where}, tab {tab.inner_text()!r}")
    for details in visible(page.locator(f'{MAIN} [data-testid="stExpander"] details'))[:5]:
        if details.get_attribute("open") is None:
            details.locator("summary").click()
            page.wait_for_timeout(200)
    scan(f"{where}, expanders open")


@pytest.mark.parametrize("role", list(office.ACCOUNTS))
def test_no_english_on_any_page_of_the_role(staff_office, role_page, role):
    page = role_page(role, "laptop")
    scan = Scan(page)
    for path in role_paths(role):
        where = f"/{path}"
        open_path(page, staff_office.url, path)
        scan(where)
        open_every_drop_down(page, scan, where)
        type_into_fields(page, scan, where)
        open_tabs_and_expanders(page, scan, where)
    page.locator(".st-key-menu_compact button").click()
    page.get_by_test_id("stPopoverBody").wait_for()
    scan("menu open")
    screenshot(page, f"polish_text_{role.value}")
    assert not scan.found, "\n".join(scan.found)


def test_no_english_on_the_login_form_and_the_client_form(staff_office, open_page):
    page = open_page("laptop")
    page.set_default_timeout(45_000)
    scan = Scan(page)
    page.goto(staff_office.url)
    wait_for_app(page)
    page.get_by_label("Login", exact=True).wait_for()
    scan("login form")
    type_into_fields(page, scan, "login form")

    for size, url in (("laptop", "/?dzial=KM"), ("phone", "/?dzial=KM")):
        page = open_page(size)
        page.set_default_timeout(45_000)
        scan.page = page
        page.goto(staff_office.url + url)
        wait_for_app(page)
        scan(f"client form at {size}")
        page.get_by_role("button", name=re.compile("^5")).first.click()  # a rating: on to the details
        wait_for_app(page)
        page.locator("textarea").first.wait_for()
        scan(f"client form details at {size}")
        open_every_drop_down(page, scan, f"client form details at {size}")
        type_into_fields(page, scan, f"client form details at {size}")
        screenshot(page, f"polish_text_client_form_{size}")
    assert not scan.found, "\n".join(scan.found)


def test_the_scan_would_see_english(staff_office, role_page):
    """The scan itself works: a planted Streamlit-like English hint is reported."""
    page = role_page(Role.EMPLOYEE, "laptop")
    open_path(page, staff_office.url, "konto")
    page.evaluate(
        """() => document.querySelector('[data-testid="stMain"] h1')
            .insertAdjacentHTML("afterend", '<span>Press Enter to apply</span>')"""
    )
    scan = Scan(page)
    scan("planted")
    assert scan.found == ["planted: 'Press Enter'"]


@pytest.mark.parametrize("path", ["start", "nie-ma-takiej-strony?wydzial=KM"])
def test_an_address_that_is_no_page_opens_the_start_page_instead_of_an_english_dialog(
    staff_office, role_page, path
):
    """/start (the start page's name; it lives at /) and a mistyped address: the start page, in
    Polish, with the address's parameters kept; a real page's address stays where it is."""
    page = role_page(Role.MANAGEMENT, "laptop")
    open_path(page, staff_office.url, path)
    query = path.partition("?")[2]
    assert page.url == f"{staff_office.url}/" + (f"?{query}" if query else "")
    expect(page.locator(f"{MAIN} h1").first).to_have_text(t("home.title"))
    scan = Scan(page)
    scan(f"/{path}")
    assert not scan.found, "\n".join(scan.found)

    open_path(page, staff_office.url, "pulpit")
    assert urlparse(page.url).path == "/pulpit"
