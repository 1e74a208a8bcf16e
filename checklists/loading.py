"""Reading and validating the checklist files into one immutable ChecklistSet.

A broken file stops loading with a ChecklistError naming the file, the line and the
problem; nothing is ever half-loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import yaml
from pydantic import ValidationError

from checklists.schema import Handbook, Item, Kind, Module, Standard

CHECKLIST_DIR = Path(__file__).parent
STANDARDS_DIR = CHECKLIST_DIR / "standards"
HANDBOOK_FILE = CHECKLIST_DIR / "handbook.yaml"


class ChecklistError(Exception):
    """A checklist file is missing, unreadable or invalid."""

    def __init__(self, path: Path, line: int | None, problem: str):
        self.path, self.line, self.problem = path, line, problem
        where = f"{path.name}, wiersz {line}" if line else path.name
        super().__init__(f"Błąd w pliku listy kontrolnej {where}: {problem}")


@dataclass(frozen=True)
class ChecklistEntry:
    """An item together with the standard it belongs to."""

    standard: Standard
    item: Item


@dataclass(frozen=True)
class ChecklistSet:
    """All standards of one handbook version, with look-ups used by forms and scoring."""

    handbook: Handbook
    standards: tuple[Standard, ...]
    _by_item: dict[str, ChecklistEntry] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for standard in self.standards:
            for item in standard.items:
                self._by_item[item.id] = ChecklistEntry(standard, item)

    @property
    def version(self) -> str:
        return self.handbook.version

    def entry(self, item_id: str) -> ChecklistEntry:
        return self._by_item[item_id]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._by_item

    def standard(self, standard_id: str) -> Standard:
        return next(s for s in self.standards if s.id == standard_id)

    def modules(self) -> tuple[Module, ...]:
        return tuple(m for s in self.standards for m in s.modules)

    def entries_for(self, kind: Kind, modules: frozenset[str] = frozenset()) -> list[ChecklistEntry]:
        """Items an observation of this kind asks, with the given modules switched on."""
        return [
            ChecklistEntry(standard, item)
            for standard in self.standards
            for item in standard.items
            if kind in standard.kinds_of(item) and (item.module is None or item.module in modules)
        ]

    def standards_for(self, kind: Kind) -> list[Standard]:
        return [s for s in self.standards if any(kind in s.kinds_of(i) for i in s.items)]

    def all_entries(self) -> list[ChecklistEntry]:
        return list(self._by_item.values())


def _line_of(node: yaml.Node | None, loc: tuple) -> int | None:
    """Walk a composed YAML node tree along a pydantic error location to find its line."""
    line = node.start_mark.line + 1 if node is not None else None
    for key in loc:
        if isinstance(node, yaml.MappingNode):
            node = next((v for k, v in node.value if k.value == key), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
            node = node.value[key]
        else:
            break
        if node is None:
            break
        line = node.start_mark.line + 1
    return line


def _read(path: Path, model: type) -> tuple:
    """The validated model of one file and its composed YAML tree (for line numbers)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ChecklistError(path, None, f"nie można odczytać pliku ({error})") from error
    try:
        raw = yaml.safe_load(text)
        tree = yaml.compose(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or str(error)
        raise ChecklistError(
            path, mark.line + 1 if mark else None, f"błąd składni YAML: {problem}"
        ) from error
    if not isinstance(raw, dict):
        raise ChecklistError(path, 1, "plik musi zawierać mapę pól (klucz: wartość)")
    try:
        return model.model_validate(raw), tree
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        problem = f"{where}: {first['msg']}" if where else first["msg"]
        raise ChecklistError(path, _line_of(tree, first["loc"]), problem) from error


def load_checklists(directory: Path = CHECKLIST_DIR) -> ChecklistSet:
    """Read handbook.yaml and every standards/*.yaml file below `directory`."""
    handbook, _ = _read(directory / "handbook.yaml", Handbook)
    files = sorted((directory / "standards").glob("*.yaml"))
    if not files:
        raise ChecklistError(directory / "standards", None, "brak plików standardów")
    standards = [(*_read(path, Standard), path) for path in files]
    seen_standards: dict[str, Path] = {}
    seen_items: dict[str, Path] = {}
    for standard, tree, path in standards:
        if standard.id in seen_standards:
            raise ChecklistError(
                path, 1, f"id standardu '{standard.id}' jest już w {seen_standards[standard.id].name}"
            )
        seen_standards[standard.id] = path
        for index, item in enumerate(standard.items):
            if item.id in seen_items:
                line = _line_of(tree, ("items", index, "id"))
                raise ChecklistError(
                    path, line, f"id pozycji '{item.id}' jest już w {seen_items[item.id].name}"
                )
            seen_items[item.id] = path
    ordered = tuple(sorted((standard for standard, _, _ in standards), key=lambda standard: standard.order))
    return ChecklistSet(handbook=handbook, standards=ordered)


@cache
def current_checklists() -> ChecklistSet:
    """The checklist set shipped with the app, loaded once per process."""
    return load_checklists()
