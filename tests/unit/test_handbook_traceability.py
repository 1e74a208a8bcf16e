"""Every recommendation of the handbook is traced by the checklist files, and only by them.

The handbook (checklists/handbook.txt) lists its recommendations under "ZALECENIA:".
Each one must appear, verbatim, as the `source` of an observable item or of a
not_observable entry in checklists/standards/*.yaml; together the sources quoting a
recommendation must cover all of it.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml

from checklists.handbook_text import Recommendation, load_handbook_text, normalize, recommendations
from checklists.loading import STANDARDS_DIR, load_checklists
from checklists.schema import Kind

# Counted by hand from checklists/handbook.txt: every "·" bullet and every numbered point
# under ZALECENIA, up to "Uzasadnienie wprowadzenia".
EXPECTED_PER_STANDARD = {
    "Identyfikuj się z Urzędem": 6,  # 1 intro bullet ("... dlatego:"), 4 numbered, 1 bullet
    "Twój wygląd zewnętrzny – wizytówką Urzędu": 9,  # 5 bullets ("preferowany ubiór :" among them), 4 numbered
    "Stanowisko pracy świadczy o Twoim profesjonalizmie": 6,
    "Wiedza": 7,
    "Zainteresowanie i koncentracja na Kliencie": 10,
    "Proces obsługi Klienta": 20,  # "... i numer" / "konta" across a page break is one bullet
    "Dyskrecja i szacunek dla Klienta Twoim obowiązkiem": 13,  # last bullet continues after a page break
    "Rozmowy telefoniczne": 21,  # 18 bullets + 3 numbered points under "gdy dzwoni telefon ..."
    "Trudne sytuacje": 50,  # see EXPECTED_PER_MODULE
    None: 7,  # the last section, on information for clients, has no "Standard:" heading
}
EXPECTED_PER_MODULE = {
    "POMYŁKI": 7,
    "ODMOWA": 8,
    "SKARGA": 14,  # "spytaj ..." / "jakie działania ..." across a page break is one bullet
    "AGRESYWNY KLIENT": 18,
    "OSOBY STARSZE I NIEPEŁNOSPRAWNE": 3,
}
MODULE_OF_SUBHEADING = {
    "POMYŁKI": "pomylka",
    "ODMOWA": "odmowa",
    "SKARGA": "skarga",
    "AGRESYWNY KLIENT": "agresywny_klient",
    "OSOBY STARSZE I NIEPEŁNOSPRAWNE": "osoby_starsze",
}


@pytest.fixture(scope="module")
def handbook() -> list[Recommendation]:
    return recommendations(load_handbook_text())


@pytest.fixture(scope="module")
def sources() -> list[tuple[str, str, str]]:
    """(file name, where in the file, normalized source) for every source in the standard files."""
    found = []
    for path in sorted(STANDARDS_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for item in data.get("items", []):
            found.append((path.name, item["id"], normalize(item["source"])))
        for index, entry in enumerate(data.get("not_observable", [])):
            found.append((path.name, f"not_observable[{index}]", normalize(entry["source"])))
    return found


def _matches(source: str, handbook: list[Recommendation]) -> list[int]:
    return [index for index, rec in enumerate(handbook) if source in rec.text]


def _spans(text: str, source: str) -> list[tuple[int, int]]:
    spans, start = [], text.find(source)
    while start != -1:
        spans.append((start, start + len(source)))
        start = text.find(source, start + 1)
    return spans


# --- the parser --------------------------------------------------------------------------


def test_parser_finds_the_hand_counted_recommendations_of_each_standard(handbook):
    assert Counter(rec.standard_heading for rec in handbook) == EXPECTED_PER_STANDARD
    assert len(handbook) == sum(EXPECTED_PER_STANDARD.values()) == 149


def test_parser_assigns_the_difficult_situation_subheadings_as_modules(handbook):
    modules = Counter(rec.module for rec in handbook if rec.standard_heading == "Trudne sytuacje")
    assert modules == EXPECTED_PER_MODULE
    assert all(rec.module is None for rec in handbook if rec.standard_heading != "Trudne sytuacje")


def test_parser_joins_a_recommendation_broken_by_a_page_break(handbook):
    texts = [rec.text for rec in handbook]
    assert "poinformuj Klienta o wszystkich opłatach, wskaż miejsce zapłaty i numer konta" in texts
    assert "konta" not in texts


def test_parser_keeps_an_introducing_bullet_apart_from_its_numbered_points(handbook):
    texts = [rec.text for rec in handbook]
    intro = texts.index(
        "pamiętaj, że w każdej sytuacji reprezentujesz Starostwo Powiatowe w Grójcu – "
        "zawsze możesz być rozpoznany jako jego pracownik dlatego:"
    )
    assert (
        texts[intro + 1] == "zawsze przyjmuj odpowiedzialność za Starostwo i współpracowników przed Klientem,"
    )


def test_parser_drops_markers_bookmarks_and_extra_whitespace():
    text = (
        "[bookmark: _TOC_1]Standard: Próbny \n"
        "ZALECENIA:\n"
        "· pierwsze\tzalecenie  z tabulatorem\n"
        "1. punkt [bookmark: _Hlk1]numerowany\n"
        "\n"
        "ciąg dalszy po stronie\n"
        "MODUŁ\n"
        "· w module\n"
        "Uzasadnienie wprowadzenia\n"
        "· poza sekcją\n"
        "ZALECENIA:\n"
        "· bez nagłówka\n"
        "Uzasadnienie\n"
    )
    assert recommendations(text) == [
        Recommendation("Próbny", None, "pierwsze zalecenie z tabulatorem"),
        Recommendation("Próbny", None, "punkt numerowany ciąg dalszy po stronie"),
        Recommendation("Próbny", "MODUŁ", "w module"),
        Recommendation(None, None, "bez nagłówka"),
    ]


def test_normalize_collapses_whitespace_and_tabs():
    assert normalize("  a\t\tb \n c  ") == "a b c"


# --- the checklist files against the handbook --------------------------------------------


def test_every_source_is_verbatim_in_exactly_one_recommendation(sources, handbook):
    problems = []
    for file_name, where, source in sources:
        matches = _matches(source, handbook)
        if len(matches) != 1:
            found = (
                "nie występuje w Podręczniku" if not matches else f"występuje w {len(matches)} zaleceniach"
            )
            problems.append(f"{file_name} {where}: „{source}” {found}")
    assert not problems, "\n".join(problems)


def test_every_source_is_quoted_from_its_own_standard(sources, handbook):
    checklists = load_checklists()
    heading_of_file = {}
    for path in sorted(STANDARDS_DIR.glob("*.yaml")):
        standard = checklists.standard(yaml.safe_load(path.read_text(encoding="utf-8"))["id"])
        heading_of_file[path.name] = None if standard.heading_missing else standard.title
    misplaced = [
        f"{file_name} {where}: „{source}”"
        for file_name, where, source in sources
        for index in _matches(source, handbook)
        if handbook[index].standard_heading != heading_of_file[file_name]
    ]
    assert not misplaced, "źródła spoza własnego standardu:\n" + "\n".join(misplaced)


def test_every_recommendation_is_fully_covered_by_sources(sources, handbook):
    untraced = []
    for rec in handbook:
        covered = [False] * len(rec.text)
        for _, _, source in sources:
            for start, end in _spans(rec.text, source):
                covered[start:end] = [True] * (end - start)
        missing = "".join(
            ch if not done and ch.isalnum() else " " for ch, done in zip(rec.text, covered, strict=True)
        )
        if missing.strip():
            untraced.append(
                f"[{rec.standard_heading} / {rec.module}] {rec.text}\n    brak: {normalize(missing)}"
            )
    assert not untraced, f"{len(untraced)} zaleceń bez pełnego pokrycia:\n" + "\n".join(untraced)


def test_difficult_situation_items_carry_the_module_of_their_subheading(handbook):
    standard = load_checklists().standard("trudne_sytuacje")
    assert {m.id for m in standard.modules} == set(MODULE_OF_SUBHEADING.values())
    wrong = []
    for item in standard.items:
        (index,) = _matches(normalize(item.source), handbook)
        expected = MODULE_OF_SUBHEADING[handbook[index].module]
        if item.module != expected:
            wrong.append(f"{item.id}: module {item.module!r}, a w Podręczniku {expected!r}")
    assert not wrong, "\n".join(wrong)


# --- the checklist set as a whole --------------------------------------------------------


def test_the_set_loads_with_one_standard_per_handbook_standard_in_handbook_order():
    checklists = load_checklists()
    assert [(s.order, s.id) for s in checklists.standards] == list(
        enumerate(
            [
                "identyfikacja",
                "wyglad",
                "stanowisko",
                "wiedza",
                "zainteresowanie",
                "proces",
                "dyskrecja",
                "telefon",
                "trudne_sytuacje",
                "informacja",
            ],
            start=1,
        )
    )
    headings = {rec.standard_heading for rec in recommendations(load_handbook_text())}
    titles = {None if s.heading_missing else s.title for s in checklists.standards}
    assert titles == headings


def test_only_the_last_standard_has_a_reconstructed_heading():
    assert [s.id for s in load_checklists().standards if s.heading_missing] == ["informacja"]


def test_every_kind_of_observation_has_items():
    checklists = load_checklists()
    all_modules = frozenset(m.id for m in checklists.modules())
    for kind in Kind:
        assert checklists.entries_for(kind, all_modules), f"brak pozycji dla rodzaju {kind}"
        assert checklists.standards_for(kind), f"brak standardów dla rodzaju {kind}"


def test_every_standard_traces_at_least_one_recommendation():
    for standard in load_checklists().standards:
        assert standard.items or standard.not_observable, standard.id


def test_each_standard_uses_its_own_item_id_prefix():
    prefixes = {}
    for standard in load_checklists().standards:
        own = {item.id.split("-")[0] for item in standard.items}
        assert len(own) == 1, f"{standard.id}: kilka prefiksów {sorted(own)}"
        prefixes[standard.id] = own.pop()
    assert len(set(prefixes.values())) == len(prefixes), prefixes


def test_every_difficult_situation_item_belongs_to_a_module_and_no_other_item_does():
    for standard in load_checklists().standards:
        for item in standard.items:
            assert (item.module is not None) == (standard.id == "trudne_sytuacje"), item.id


def test_phone_observations_include_items_of_other_standards():
    checklists = load_checklists()
    phone_standards = {entry.standard.id for entry in checklists.entries_for(Kind.PHONE)}
    assert {"telefon", "wiedza", "dyskrecja", "proces"} <= phone_standards


def test_critical_items_are_few():
    critical = [e.item.id for e in load_checklists().all_entries() if e.item.critical]
    assert 1 <= len(critical) <= 8, critical


def test_the_standard_files_are_named_after_order_and_id():
    for path in sorted(STANDARDS_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert Path(path).name == f"{data['order']:02d}_{data['id']}.yaml"
