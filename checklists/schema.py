"""Schema of the checklist data files: what a standard, an item and a kind look like.

The files under checklists/standards/ are the handbook turned into data. This module
says what a valid file is; loading.py reads and validates the files against it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Identifier = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
ItemId = Annotated[str, StringConstraints(pattern=r"^[A-Z]{2,5}-[0-9]{2,3}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=600)]
ShortText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]


class Kind(StrEnum):
    """Observation kinds: what the supervisor watched."""

    IN_PERSON = "in_person"
    PHONE = "phone"
    PREMISES = "premises"


class AssessedIn(StrEnum):
    """Where a recommendation that one visit cannot show is assessed instead."""

    CONVERSATION = "conversation"  # periodic conversation with the supervisor
    PREMISES_AUDIT = "premises_audit"
    CLIENT_SURVEY = "client_survey"
    MANAGEMENT = "management"  # organisational measure, reviewed by management


class Answer(StrEnum):
    """The four answers a supervisor can give to an item."""

    MET = "tak"
    NOT_MET = "nie"
    NOT_APPLICABLE = "nie_dotyczy"
    NOT_OBSERVED = "nie_zaobserwowano"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Strict):
    """One observable behaviour, traced to the handbook sentence it derives from."""

    id: ItemId
    text: Text  # Polish, phrased as observable behaviour
    label: ShortText  # short Polish label for dashboards
    text_en: Text
    label_en: ShortText
    hint: Text | None = None
    weight: float = Field(default=1.0, gt=0, le=10)
    critical: bool = False
    source: Text  # the handbook's sentence, verbatim
    module: Identifier | None = None  # difficult-situation module, if any
    kinds: tuple[Kind, ...] | None = None  # overrides the standard's kinds


class NotObservable(_Strict):
    """A recommendation that one observed visit cannot show, with where it is assessed."""

    source: Text
    reason: Text
    assessed_in: AssessedIn


class Module(_Strict):
    """A difficult-situation module, switched on only when the situation happened."""

    id: Identifier
    title: ShortText
    title_en: ShortText


class Standard(_Strict):
    """One standard of the handbook, as read from one file."""

    id: Identifier
    order: int = Field(ge=1, le=99)
    title: Text  # the handbook's heading (or a reconstructed one, see heading_missing)
    title_en: Text
    short: ShortText
    short_en: ShortText
    heading_missing: bool = False
    kinds: tuple[Kind, ...]
    modules: tuple[Module, ...] = ()
    items: tuple[Item, ...]
    not_observable: tuple[NotObservable, ...] = ()

    @model_validator(mode="after")
    def _consistent(self) -> Standard:
        ids = [item.id for item in self.items]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"powtórzone id pozycji: {', '.join(duplicates)}")
        module_ids = {m.id for m in self.modules}
        for item in self.items:
            if item.module is not None and item.module not in module_ids:
                raise ValueError(f"pozycja {item.id}: nieznany moduł '{item.module}'")
        return self

    def kinds_of(self, item: Item) -> tuple[Kind, ...]:
        return item.kinds if item.kinds is not None else self.kinds


class KindInfo(_Strict):
    title: ShortText
    title_en: ShortText
    description: Text


class Handbook(_Strict):
    """checklists/handbook.yaml: the handbook version and the observation kinds."""

    version: ShortText
    title: Text
    source_file: Text
    kinds: dict[Kind, KindInfo]
