"""Personal data in a client's comment: what is removed before storage, and what must stay.

PESEL check digit (the official rule, as published by the Ministry of Digital Affairs on
gov.pl "Numer PESEL" and in the PESEL register's specification): multiply the first ten
digits by the weights 1, 3, 7, 9, 1, 3, 7, 9, 1, 3; the check digit is
(10 - (sum mod 10)) mod 10. The tests compute check digits with that rule themselves, never
with services.scrubbing.is_valid_pesel.
"""

from __future__ import annotations

import pytest

from services.scrubbing import MARK_EMAIL, MARK_PESEL, MARK_PHONE, scrub, strip_control

WEIGHTS = (1, 3, 7, 9, 1, 3, 7, 9, 1, 3)


def pesel_with_check_digit(first_ten: str) -> str:
    """The eleven-digit PESEL whose first ten digits are `first_ten`, by the official rule."""
    total = sum(int(digit) * weight for digit, weight in zip(first_ten, WEIGHTS, strict=True))
    return first_ten + str((10 - total % 10) % 10)


def with_wrong_check_digit(pesel: str) -> str:
    return pesel[:10] + str((int(pesel[10]) + 1) % 10)


# Worked by hand: 4 4 0 5 1 4 0 1 3 5 times 1 3 7 9 1 3 7 9 1 3
#   = 4 + 12 + 0 + 45 + 1 + 12 + 0 + 9 + 3 + 15 = 101; 101 mod 10 = 1; (10 - 1) mod 10 = 9.
HAND_PESEL = "44051401359"
# Born 2002-07-08 (month + 20 for the 2000s): 0 2 2 7 0 8 0 3 6 2
#   = 0 + 6 + 14 + 63 + 0 + 24 + 0 + 27 + 6 + 6 = 146; (10 - 6) mod 10 = 4.
HAND_PESEL_2000S = "02270803624"
VALID_PESELS = [
    HAND_PESEL,
    HAND_PESEL_2000S,
    pesel_with_check_digit("8512310412"),
    pesel_with_check_digit("9002150000"),
    pesel_with_check_digit("6101010000"),
]


def test_hand_worked_pesels_agree_with_the_rule():
    assert pesel_with_check_digit(HAND_PESEL[:10]) == HAND_PESEL
    assert pesel_with_check_digit(HAND_PESEL_2000S[:10]) == HAND_PESEL_2000S


def test_the_check_digit_zero_case_is_covered():
    # Born 1944-05-14: 4 4 0 5 1 4 0 1 1 2 -> 4 + 12 + 0 + 45 + 1 + 12 + 0 + 9 + 1 + 6 = 90;
    # 90 mod 10 = 0, (10 - 0) mod 10 = 0.
    assert pesel_with_check_digit("4405140112") == "44051401120"
    text, found = scrub("nr 44051401120 koniec")
    assert text == f"nr {MARK_PESEL} koniec"
    assert found == {"pesel"}


@pytest.mark.parametrize("pesel", VALID_PESELS)
def test_pesel_with_valid_check_digit_is_removed(pesel):
    text, found = scrub(f"Mój PESEL to {pesel}, proszę oddzwonić.")
    assert pesel not in text
    assert text == f"Mój PESEL to {MARK_PESEL}, proszę oddzwonić."
    assert found == {"pesel"}


@pytest.mark.parametrize("pesel", VALID_PESELS)
def test_eleven_digits_with_wrong_check_digit_are_kept(pesel):
    other = with_wrong_check_digit(pesel)
    comment = f"Numer wniosku {other} – czekam od miesiąca."
    assert scrub(comment) == (comment, set())


@pytest.mark.parametrize("pesel", [HAND_PESEL, HAND_PESEL_2000S])
def test_a_valid_pesel_inside_a_longer_number_is_kept(pesel):
    for longer in (f"{pesel}123", f"9{pesel}", f"12{pesel}34"):
        comment = f"Numer konta {longer} w banku."
        assert scrub(comment) == (comment, set()), longer


@pytest.mark.parametrize(
    "phone",
    [
        "600123456",
        "600 123 456",
        "600-123-456",
        "+48 600 123 456",
        "0048600123456",
        "(22) 123 45 67",
        "22 123 45 67",
    ],
)
def test_polish_phone_numbers_are_removed(phone):
    text, found = scrub(f"Proszę o kontakt: {phone}. Dziękuję")
    assert text == f"Proszę o kontakt: {MARK_PHONE}. Dziękuję"
    assert found == {"phone"}
    # Nothing of the number is left behind (no stray prefix or bracket).
    assert not any(ch.isdigit() for ch in text)


@pytest.mark.parametrize(
    "comment",
    [
        "Byłem 12.03.2024 i 13.03.2024 r.",
        "Opłata 1 234,50 zł, a wcześniej 12 345,00 zł.",
        "Sprawa GK.6620.123.2024 czeka od 2024-03-12.",
        "Adres: ul. Piłsudskiego 59, 05-600 Grójec.",
        "Przyjmowanie 8:00-15:30, okienko 12.",
    ],
)
def test_dates_amounts_case_numbers_and_postcodes_are_not_phones(comment):
    assert scrub(comment) == (comment, set())


@pytest.mark.parametrize(
    "address",
    [
        "jan.kowalski@gmail.com",
        "anna+urzad@poczta.onet.pl",
        "k.nowak@mail.wydzial.starostwo.gov.pl",
        "first-last_2@sub-domain.example.co.uk",
    ],
)
def test_email_addresses_are_removed(address):
    text, found = scrub(f"Piszcie na {address}, odpowiem.")
    assert text == f"Piszcie na {MARK_EMAIL}, odpowiem."
    assert found == {"email"}


def test_several_kinds_in_one_comment_are_all_reported():
    comment = f"PESEL {HAND_PESEL}, tel. 600 123 456, mail a.b@c.pl – sprawa GK.6620.1.2024"
    text, found = scrub(comment)
    assert found == {"pesel", "phone", "email"}
    assert HAND_PESEL not in text and "600 123 456" not in text and "a.b@c.pl" not in text
    assert "GK.6620.1.2024" in text


def test_strip_control_drops_nul_and_control_characters_keeps_lines_and_tabs():
    dirty = "Dobra\x00 obsługa\x07\x1b[31m\x7f\u0085\r\nDruga\tlinia\x08"
    clean = strip_control(dirty)
    assert clean == "Dobra obsługa[31m\nDruga\tlinia"
    assert all(ch in "\n\t" or ord(ch) >= 0x20 for ch in clean)


@pytest.mark.parametrize(
    "text",
    [
        "Super 👍🏽 obsługa ❤️ 🇵🇱",
        "Rodzina 👨\u200d👩\u200d👧 i programistka 👩🏽\u200d💻",  # ZWJ sequences stay whole
        "Nowe emoji \U0001fae8 (Unicode 15)",  # unknown to older unicodedata: must not be dropped
        "שלום, תודה רבה על השירות",  # Hebrew
        "شكرا جزيلا على الخدمة",  # Arabic
        "می\u200cخواهم تشکر کنم",  # Persian with a zero-width non-joiner inside a word
        "Дякую за допомогу, все чудово",  # Ukrainian
    ],
)
def test_emoji_and_right_to_left_text_survive(text):
    assert strip_control(text) == text
    assert scrub(strip_control(text)) == (text, set())


def test_bidi_overrides_and_lone_surrogates_are_dropped():
    # U+202E would show "gnal" as "lang" to the moderator; a lone surrogate cannot be stored as UTF-8.
    assert strip_control("ok \u202egnal\u202c \ud800end") == "ok gnal end"


# --- issue 12, finding 7: bypasses of the scrubbing ----------------------------------------------

# The issue's own example, worked by hand: 8 5 0 1 0 1 1 2 3 4 times 1 3 7 9 1 3 7 9 1 3
#   = 8 + 15 + 0 + 9 + 0 + 3 + 7 + 18 + 3 + 12 = 75; (10 - 5) mod 10 = 5. Born 1985-01-01.
ISSUE_PESEL = "85010112345"
# Every invisible character that used to pass through: zero-width space, non-joiner, joiner,
# word joiner, byte-order mark, soft hyphen, left-to-right mark, invisible times.
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e", "\u2062"]


def test_the_issues_pesel_has_a_valid_check_digit():
    assert pesel_with_check_digit(ISSUE_PESEL[:10]) == ISSUE_PESEL


@pytest.mark.parametrize(
    "written",
    [
        "850101 12345",
        "850101-12345",
        "850101 - 12345",
        "850101–12345",  # en dash
        "85 01 01 12345",
        "85-01-01-123-45",
        "850101\u00a012345",  # no-break space
    ],
)
def test_a_pesel_written_in_groups_is_removed(written):
    text, found = scrub(f"PESEL {written}, proszę o kontakt")
    assert text == f"PESEL {MARK_PESEL}, proszę o kontakt"
    assert found == {"pesel"}


def test_a_pesel_in_groups_right_after_another_number_is_removed():
    text, found = scrub(f"Konto 1234 5678, PESEL 600 700 800 {ISSUE_PESEL[:6]} {ISSUE_PESEL[6:]}")
    assert ISSUE_PESEL[6:] not in text
    assert "pesel" in found


@pytest.mark.parametrize(
    "written",
    [
        "850101 12346",  # check digit off by one
        "850101-12340",
        f"{pesel_with_check_digit('8513011234')[:6]} {pesel_with_check_digit('8513011234')[6:]}",  # month 13
        pesel_with_check_digit("8502301234"),  # 30 February 1985
    ],
)
def test_eleven_digits_that_cannot_be_a_pesel_are_kept(written):
    comment = f"Numer {written} w piśmie."
    assert scrub(comment) == (comment, set())


@pytest.mark.parametrize(
    "written",
    [
        "tel600700800",
        "tel.600700800",
        "Tel:600-700-800",
        "kom.+48600700800",
        "zadzwońcie600 700 800",
        "600700800wieczorem",
    ],
)
def test_a_phone_number_glued_to_a_word_is_removed(written):
    text, found = scrub(f"Proszę: {written} !")
    assert found == {"phone"}
    assert MARK_PHONE in text
    assert not any(ch.isdigit() for ch in text)


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_an_invisible_character_inside_personal_data_hides_nothing(invisible):
    pesel = invisible.join([ISSUE_PESEL[:5], ISSUE_PESEL[5:]])
    phone = invisible.join(["600", "700", "800"])
    email = f"jan{invisible}.kowalski@gmail{invisible}.com"
    text, found = scrub(f"PESEL {pesel}, tel. {phone}, e-mail {email}")
    assert text == f"PESEL {MARK_PESEL}, tel. {MARK_PHONE}, e-mail {MARK_EMAIL}"
    assert found == {"pesel", "phone", "email"}


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_an_invisible_character_between_every_digit_hides_nothing(invisible):
    text, found = scrub("PESEL " + invisible.join(ISSUE_PESEL) + ".")
    assert (text, found) == (f"PESEL {MARK_PESEL}.", {"pesel"})


def test_full_width_digits_and_at_sign_hide_nothing():
    full_width = "".join(chr(ord(digit) - ord("0") + 0xFF10) for digit in ISSUE_PESEL)
    text, found = scrub(f"PESEL {full_width}, tel. ６００ ７００ ８００, jan＠gmail.com")
    assert text == f"PESEL {MARK_PESEL}, tel. {MARK_PHONE}, {MARK_EMAIL}"
    assert found == {"pesel", "phone", "email"}


@pytest.mark.parametrize(
    "comment",
    [
        "Opłata 1 234,50 zł, druga 12 345,00 zł, trzecia 1 234 567,89 zł.",
        "Byłem 12.03.2026 o 12.30, potem dnia13.03.2026r.",
        "Sprawa GN.6821.12.2024 i KM.5410.123.2025 czeka.",
        "Sprawa GN.6821.12.2024 z dnia 12.03.2026, opłata 1 234,50 zł.",
        "NIP 123-456-32-18, KW RA1G/00012345/6, dowód ABC123456.",
        "Wniosek 85010112346 i 850101 12346 – błędna cyfra kontrolna.",
    ],
)
def test_amounts_dates_case_numbers_and_wrong_pesels_are_kept(comment):
    assert scrub(comment) == (comment, set())


@pytest.mark.parametrize("invisible", INVISIBLE)
def test_strip_control_drops_invisible_characters_from_plain_text(invisible):
    assert strip_control(f"Wydział{invisible} Komunikacji{invisible}") == "Wydział Komunikacji"


def test_strip_control_drops_joiners_that_join_nothing():
    assert strip_control("Ko\u200dwal\u200cski 12\u200d3 \u200d👍 Ż\u200dó") == "Kowalski 123 👍 Żó"


def test_a_subdivision_flag_keeps_its_tag_characters_and_loose_tags_are_dropped():
    england = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
    assert strip_control(f"Kibic {england}!") == f"Kibic {england}!"
    assert scrub(f"Kibic {england}!") == (f"Kibic {england}!", set())
    assert strip_control("ukryty\U000e0074\U000e0065\U000e0078\U000e0074 tekst") == "ukryty tekst"
