"""A broken checklist file stops loading with a ChecklistError naming the file, line and problem.

Each test copies the shipped checklists (handbook.yaml and standards/) to a temporary
directory, adds one trial standard file whose line numbers are known, breaks it in one
way and checks what load_checklists() reports.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from checklists.loading import CHECKLIST_DIR, ChecklistError, load_checklists

TRIAL_FILE = "50_proba.yaml"
# Line numbers are given on the right; the tests below replace single lines.
TRIAL_LINES = [
    "id: proba",  # 1
    "order: 50",  # 2
    'title: "Standard próbny"',  # 3
    'title_en: "Trial standard"',  # 4
    'short: "Próbny"',  # 5
    'short_en: "Trial"',  # 6
    "kinds: [in_person]",  # 7
    "items:",  # 8
    "  - id: PRB-01",  # 9
    '    text: "Pracownik wykonał czynność próbną."',  # 10
    '    label: "Czynność próbna"',  # 11
    '    text_en: "The employee performed the trial action."',  # 12
    '    label_en: "Trial action"',  # 13
    "    weight: 1",  # 14
    '    source: "zdanie próbne"',  # 15
]


@pytest.fixture
def checklist_dir(tmp_path: Path) -> Path:
    shutil.copy(CHECKLIST_DIR / "handbook.yaml", tmp_path / "handbook.yaml")
    shutil.copytree(CHECKLIST_DIR / "standards", tmp_path / "standards")
    return tmp_path


def write_trial(directory: Path, replace: dict[int, str | None] | None = None) -> Path:
    """Write the trial file with the given 1-based lines replaced (None removes the line)."""
    lines = list(TRIAL_LINES)
    for number, text in (replace or {}).items():
        lines[number - 1] = text
    path = directory / "standards" / TRIAL_FILE
    path.write_text("\n".join(line for line in lines if line is not None) + "\n", encoding="utf-8")
    return path


def load_error(directory: Path) -> ChecklistError:
    with pytest.raises(ChecklistError) as caught:
        load_checklists(directory)
    return caught.value


def test_the_unbroken_trial_file_loads_alongside_the_shipped_standards(checklist_dir):
    write_trial(checklist_dir)
    checklists = load_checklists(checklist_dir)
    assert checklists.standards[-1].id == "proba"
    assert checklists.has_item("PRB-01") and checklists.has_item("IDE-01")


def test_invalid_yaml_syntax_names_the_file_and_the_line(checklist_dir):
    # An unquoted title containing a colon, the mistake the handbook's texts invite.
    write_trial(checklist_dir, {3: "title: Standard: próbny"})
    error = load_error(checklist_dir)
    assert error.path.name == TRIAL_FILE
    assert error.line == 3
    assert f"{TRIAL_FILE}, wiersz 3" in str(error)
    assert "błąd składni YAML" in str(error)


def test_a_missing_required_field_names_the_field_and_the_line_of_its_item(checklist_dir):
    write_trial(checklist_dir, {11: None})  # no label
    error = load_error(checklist_dir)
    assert error.path.name == TRIAL_FILE
    assert error.line == 9  # the item that lacks it starts on line 9
    assert f"{TRIAL_FILE}, wiersz 9" in str(error)
    assert "items.0.label" in str(error) and "Field required" in str(error)


def test_a_wrong_type_names_the_field_and_its_line(checklist_dir):
    write_trial(checklist_dir, {14: '    weight: "ciężka"'})
    error = load_error(checklist_dir)
    assert error.path.name == TRIAL_FILE
    assert error.line == 14
    assert f"{TRIAL_FILE}, wiersz 14" in str(error)
    assert "items.0.weight" in str(error) and "number" in str(error)


def test_an_unknown_kind_names_the_line_of_the_kinds(checklist_dir):
    write_trial(checklist_dir, {7: "kinds: [in_person, video]"})
    error = load_error(checklist_dir)
    assert error.line == 7
    assert "kinds.1" in str(error)


def test_an_unknown_field_is_rejected_with_its_line(checklist_dir):
    write_trial(checklist_dir, {14: '    etykieta: "literówka w nazwie pola"'})
    error = load_error(checklist_dir)
    assert error.line == 14
    assert "items.0.etykieta" in str(error)


def test_a_duplicate_item_id_across_files_names_both_files_and_the_id(checklist_dir):
    write_trial(checklist_dir, {9: "  - id: IDE-01"})  # IDE-01 is in 01_identyfikacja.yaml
    error = load_error(checklist_dir)
    assert error.path.name == TRIAL_FILE
    assert "IDE-01" in str(error)
    assert "01_identyfikacja.yaml" in str(error)


def test_a_duplicate_item_id_across_files_names_the_line_of_the_repeated_id(checklist_dir):
    write_trial(checklist_dir, {9: "  - id: IDE-01"})
    error = load_error(checklist_dir)
    assert error.line == 9
    assert f"{TRIAL_FILE}, wiersz 9" in str(error)


def test_a_duplicate_standard_id_names_the_second_file(checklist_dir):
    write_trial(checklist_dir, {1: "id: wiedza"})
    error = load_error(checklist_dir)
    assert error.path.name == TRIAL_FILE
    assert error.line == 1
    assert "04_wiedza.yaml" in str(error)


def test_an_item_of_an_unknown_module_is_rejected(checklist_dir):
    write_trial(checklist_dir, {15: '    source: "zdanie próbne"\n    module: nieznany'})
    error = load_error(checklist_dir)
    assert error.path.name == TRIAL_FILE
    assert "nieznany moduł 'nieznany'" in str(error)


def test_a_missing_handbook_file_is_reported(checklist_dir):
    (checklist_dir / "handbook.yaml").unlink()
    error = load_error(checklist_dir)
    assert error.path.name == "handbook.yaml"
    assert "nie można odczytać pliku" in str(error)


def test_nothing_is_loaded_from_an_empty_standards_directory(tmp_path):
    shutil.copy(CHECKLIST_DIR / "handbook.yaml", tmp_path / "handbook.yaml")
    (tmp_path / "standards").mkdir()
    error = load_error(tmp_path)
    assert "brak plików standardów" in str(error)
