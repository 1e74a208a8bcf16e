"""Staff pages for every role, in Chromium, on an office with a few months of data
(tests/browser/staff_office.py, one server for the module):

- axe-core (WCAG 2.1 A and AA, the audit of test_accessibility.py) finds no violation on any page
  of any role at desktop (1440 x 900) and tablet (1024 x 768) size, with the menu closed and open;
- every page declares the user's language in <html lang> (Polish, or English for an English user);
- the menu is a bar above the page at every device size, never a column: no sidebar, one row on
  tablets and wide screens; a page chosen in it opens and the menu closes. Screenshots of each
  role's menu at each size, closed and open: test-artifacts/menu_<role>_<size>[_open].png;
- touch targets (menu links and buttons, sign-out, expander headers, tabs, checkboxes) measure
  at least 44 x 44 CSS px on tablet and phone layouts, on every page.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from accounts.roles import ROLE_LABELS, Role
from i18n import MESSAGES
from tests.browser import staff_office as office
from tests.browser.conftest import VIEWPORTS, screenshot, sign_in
from tests.browser.staff_office import ACCOUNTS, ENGLISH_MANAGER, open_path, role_paths
from tests.browser.test_accessibility import audit

staff_office, role_page = office.staff_office, office.role_page  # the module's fixtures

ROLES = list(ACCOUNTS)
MENU_BUTTON = ".st-key-menu_compact [data-testid='stPopover'] button"
DROP_DOWN_BUTTON = ".st-key-menu_links [data-testid='stPopover'] button"
# What must be at least 44 x 44 CSS px wherever it is visible on a touch layout.
TOUCH_TARGETS = {
    "menu link": "[data-testid='stPageLink'] a",
    "menu or drop-down button": "[data-testid='stPopover'] button",
    "sign-out button": ".st-key-logout button",
    "expander header": "[data-testid='stExpander'] summary",
    "tab": "[data-testid='stTabs'] button[role='tab']",
    "checkbox": ".stCheckbox label",
}
MIN_TARGET = 44


def page_language(page) -> str:
    return page.evaluate("() => document.documentElement.lang")


def open_menu(page) -> None:
    """Open the menu the screen shows: the "Menu" button, or on a wide screen the last of its
    drop-downs (the parts of the wide menu that are closed)."""
    for selector in (MENU_BUTTON, DROP_DOWN_BUTTON):
        button = page.locator(selector).last
        if button.count() and button.is_visible():
            button.click()
            expect(page.get_by_test_id("stPopoverBody")).to_be_visible()
            page.wait_for_timeout(300)  # the drop-down's opening animation
            return


@pytest.mark.parametrize("viewport", ["desktop", "tablet_landscape"])
@pytest.mark.parametrize("role", ROLES)
def test_every_page_of_every_role_passes_axe(staff_office, role_page, role, viewport):
    page = role_page(role, viewport)
    for path in role_paths(role):
        open_path(page, staff_office.url, path)
        assert page_language(page) == "pl", f"/{path}"
        audit(page, f"{role} /{path} at {viewport}")
    open_menu(page)
    audit(page, f"{role}, menu open, at {viewport}")


def test_an_english_user_gets_pages_in_english(staff_office, open_page):
    page = open_page("desktop")
    page.set_default_timeout(45_000)
    page.goto(staff_office.url)
    page.get_by_label("Login", exact=True).wait_for()
    assert page_language(page) == "pl"  # the login form, before anyone is known
    login, name = ENGLISH_MANAGER
    sign_in(page, staff_office.url, login, greeting="Signed in:")
    role = ROLE_LABELS["en"][Role.MANAGEMENT]
    expect(page.get_by_text(f"Signed in: {name} ({role})")).to_be_visible()
    for path in role_paths(Role.MANAGEMENT):
        open_path(page, staff_office.url, path)
        assert page_language(page) == "en", f"/{path}"
    audit(page, "English user")

    # switching the language on "My account" changes the declared language at once
    open_path(page, staff_office.url, "konto")
    page.get_by_role("radio", name="Polski").check(force=True)
    expect(page.get_by_text(MESSAGES["account.language_saved"]["pl"])).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    page.get_by_role("radio", name="English").check(force=True)
    expect(page.get_by_text(MESSAGES["account.language_saved"]["en"])).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("viewport", ["tablet_landscape", "tablet_portrait", "phone", "laptop", "desktop"])
def test_the_menu_is_a_bar_above_the_page_at_every_size(staff_office, role_page, viewport):
    width = VIEWPORTS[viewport]["width"]
    for role in ROLES:
        page = role_page(role, viewport)
        paths = role_paths(role)
        open_path(page, staff_office.url, paths[1])
        assert page.locator("[data-testid='stSidebar']").count() == 0, "no side column at all"
        bar = page.locator(".st-key-menu_bar").bounding_box()
        content = page.get_by_test_id("stMainBlockContainer").evaluate(
            "e => { const s = getComputedStyle(e); "
            "return e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight); }"
        )
        assert bar["y"] < 40 and bar["width"] >= content - 1, (bar, content)  # across the top
        # one row of touch-sized controls; on a phone who is signed in goes on a line below
        assert bar["height"] <= (130 if viewport == "phone" else 80), (role, bar)
        expect(
            page.get_by_text(f"Zalogowano: {ACCOUNTS[role][1]} ({ROLE_LABELS['pl'][role]})")
        ).to_be_visible()
        expect(page.locator(".st-key-logout button")).to_be_visible()
        wide = width >= 1400
        assert page.locator(MENU_BUTTON).is_visible() is not wide
        assert page.locator(".st-key-menu_links").is_visible() is wide
        screenshot(page, f"menu_{role.value}_{viewport}")

        # a page chosen in the menu opens, and the menu closes
        target = "konto"  # "Moje konto": every role has it
        if wide:
            link = page.locator(f".st-key-menu_links a[href='{target}']")
        else:
            open_menu(page)
            screenshot(page, f"menu_{role.value}_{viewport}_open")
            if viewport != "phone":  # every page in sight: none below the screen's edge, to scroll to
                bottoms = (
                    page.get_by_test_id("stPopoverBody")
                    .locator("a")
                    .evaluate_all("links => links.map(a => a.getBoundingClientRect().bottom)")
                )
                assert max(bottoms) <= VIEWPORTS[viewport]["height"], (role, viewport, max(bottoms))
            link = page.get_by_test_id("stPopoverBody").locator(f"a[href='{target}']")
        link.click()
        expect(page.locator("[data-testid='stMain'] h1").first).to_have_text(MESSAGES["account.title"]["pl"])
        expect(page).to_have_url(f"{staff_office.url}/{target}")
        expect(page.get_by_test_id("stPopoverBody")).to_have_count(0)


def small_targets(page) -> list[str]:
    """Visible touch targets smaller than MIN_TARGET in either direction, described."""
    found = []
    for what, selector in TOUCH_TARGETS.items():
        for element in page.locator(selector).all():
            box = element.bounding_box() if element.is_visible() else None
            if box and (box["width"] < MIN_TARGET - 0.5 or box["height"] < MIN_TARGET - 0.5):
                text = element.inner_text().strip().replace("\n", " ")[:40]
                found.append(f"{what} {text!r}: {box['width']:.0f} x {box['height']:.0f}")
    return found


@pytest.mark.parametrize("viewport", ["tablet_landscape", "phone"])
@pytest.mark.parametrize("role", ROLES)
def test_touch_targets_are_at_least_44_px(staff_office, role_page, role, viewport):
    page = role_page(role, viewport)
    problems, seen = [], set()
    for path in role_paths(role):
        open_path(page, staff_office.url, path)
        problems += [f"/{path}: {problem}" for problem in small_targets(page)]
        seen |= {what for what, selector in TOUCH_TARGETS.items() if page.locator(selector).count()}
    open_menu(page)
    problems += [f"menu open: {problem}" for problem in small_targets(page)]
    assert not problems, "\n".join(problems)
    assert {"menu or drop-down button", "sign-out button"} <= seen
