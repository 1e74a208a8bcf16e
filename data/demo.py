"""The demo data generator behind `jakosc demo`: a synthetic county office with months of history.

This module owns the synthetic data and nothing else: ten departments of a Polish starostwo
with their staff (Polish first names and surnames, female forms where Polish has them),
kiosks, acknowledgements of the handbook, a few periodic conversations, sent observations
with every answer and their scores, and client ratings. It builds pandas frames with numpy
and hands them to storage.bulk, one transaction per chunk (a failed run removes what it had
loaded): a million ratings and a hundred thousand observations take well under a minute.
No accounts are created (an account needs a password); observers, the calibrating quality
coordinator and the comment moderator are fictional ids with no account behind them.

What the data shows, so that dashboards have something to find:
- most departments improve slowly over the period; AB (Architektura i Budownictwo) gets worse;
- clear, stable differences between departments, and between employees of one department;
- office hours Mon–Fri 7:30–15:30 without Polish public holidays, more clients on Monday
  mornings, and on busy hours lower ratings of waiting time and slightly worse service;
- client ratings follow the quality the observations show.

Scores are computed here in numpy with the rules of checklists.scoring: weighted met / (met +
not met), "nie dotyczy" and "nie zaobserwowano" left out, a "nie" on a critical item a critical
breach. Weights are added item by item in checklist order, as score_observation adds them, so
the stored sums are the very same floats. The same seed and end moment give the same data.
"""

from __future__ import annotations

import calendar
import json
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

import numpy as np
import pandas as pd

from checklists.loading import ChecklistSet, current_checklists
from storage import audit, bulk, departments, maintenance
from storage.db import Database, now

KINDS = ("in_person", "phone", "premises")
KIND_SHARES = (0.75, 0.15, 0.10)
ANSWERS = ("tak", "nie", "nie_dotyczy", "nie_zaobserwowano")  # stored codes 1..4; 0 = not asked
TAK, NIE, NIE_DOTYCZY, NIE_ZAOBSERWOWANO = 1, 2, 3, 4
CRITERIA = ("time", "manner", "conditions", "forms", "information")
CALIBRATION_SHARE = 0.03
OBSERVATION_CHUNK = 20_000  # observations per loaded chunk (≈1.3 M answer rows)
RATING_CHUNK = 250_000
OFFICE_DOMAIN = "starostwo-grojec.example"  # reserved top-level domain: no mail can reach anyone

# Independent random streams, so that changing one part leaves the others as they were.
_OFFICE, _ITEMS, _OBSERVATIONS, _ANSWERS, _CALIBRATION, _DETAILS, _RATINGS, _RATING_CHUNK = range(8)


@dataclass(frozen=True)
class DepartmentProfile:
    code: str
    name: str
    staff: int
    client_share: float  # share of the office's clients (and of the ratings)
    quality: tuple[float, float]  # typical chance of "tak" at the start and at the end of the period
    kiosk: str  # key of the kiosk its clients use
    kiosk_share: float  # ratings given at the kiosk rather than by QR code
    rating_offset: float = 0.0  # clients' mood beyond what service quality explains (queues…)
    criteria: dict[str, float] = field(default_factory=dict)  # offsets of single criteria
    ukrainian: float = 0.02  # share of ratings in Ukrainian


# fmt: off
DEPARTMENTS = (
    DepartmentProfile("KM", "Wydział Komunikacji", 22, 0.36, (0.80, 0.87), "km", 0.70,
                      rating_offset=-0.15, criteria={"time": -0.45}, ukrainian=0.07),
    DepartmentProfile("GK", "Wydział Geodezji, Kartografii i Katastru", 16, 0.14, (0.84, 0.88), "pietro", 0.55,
                      criteria={"time": -0.2, "forms": -0.2}),
    DepartmentProfile("AB", "Wydział Architektury i Budownictwa", 12, 0.11, (0.86, 0.74), "pietro", 0.55,
                      criteria={"time": -0.3, "forms": -0.35, "information": -0.2}),
    DepartmentProfile("OS", "Wydział Ochrony Środowiska, Rolnictwa i Leśnictwa", 8, 0.06, (0.88, 0.91), "hala", 0.5),
    DepartmentProfile("OR", "Wydział Organizacyjny", 11, 0.03, (0.91, 0.93), "hala", 0.5),
    DepartmentProfile("FN", "Wydział Finansowy", 9, 0.03, (0.89, 0.91), "hala", 0.5),
    DepartmentProfile("EZ", "Wydział Edukacji i Zdrowia", 6, 0.04, (0.85, 0.89), "hala", 0.5),
    DepartmentProfile("PZP", "Powiatowy Zespół ds. Orzekania o Niepełnosprawności", 7, 0.09, (0.82, 0.88), "pzp", 0.6,
                      rating_offset=0.1, criteria={"conditions": -0.35}),
    DepartmentProfile("KP", "Kancelaria – Punkt Obsługi Klienta", 6, 0.12, (0.90, 0.94), "hala", 0.5,
                      criteria={"time": 0.2}),
    DepartmentProfile("ZK", "Wydział Zarządzania Kryzysowego", 5, 0.02, (0.87, 0.88), "hala", 0.5),
)

# key -> (name, code of its department, or None where the client picks the department)
KIOSKS = {
    "km": ("Kiosk – sala obsługi Wydziału Komunikacji", "KM"),
    "pietro": ("Kiosk – I piętro (Geodezja, Architektura)", None),
    "pzp": ("Kiosk – Zespół ds. Orzekania o Niepełnosprawności", "PZP"),
    "hala": ("Kiosk – hala główna przy Kancelarii", None),
}

# Chance per observed visit that a difficult situation happened (module switched on).
MODULE_CHANCE = {"pomylka": 0.03, "odmowa": 0.06, "skarga": 0.04, "agresywny_klient": 0.02, "osoby_starsze": 0.08}
MODULE_CHANCE_BY_DEPARTMENT = {
    ("PZP", "osoby_starsze"): 0.25, ("PZP", "odmowa"): 0.10, ("KM", "agresywny_klient"): 0.04,
    ("AB", "skarga"): 0.09, ("AB", "odmowa"): 0.10,
}

# Items that often do not apply to a visit (the situation did not arise), and their chance.
SITUATIONAL = {
    "ZAI-02": 0.55, "ZAI-04": 0.6, "PRO-08": 0.3, "PRO-09": 0.35, "PRO-11": 0.3, "PRO-12": 0.35,
    "PRO-13": 0.45, "PRO-14": 0.4, "PRO-15": 0.45, "PRO-16": 0.3, "PRO-18": 0.5, "PRO-20": 0.65,
    "PRO-21": 0.6, "DYS-12": 0.2, "DYS-14": 0.5, "TEL-03": 0.6, "TEL-04": 0.6, "TEL-10": 0.6,
    "TEL-11": 0.6, "TEL-12": 0.6, "TEL-13": 0.6, "TEL-14": 0.6, "TEL-16": 0.7, "TEL-17": 0.55,
    "TEL-18": 0.8, "TEL-19": 0.8, "TEL-20": 0.85, "TEL-21": 0.85, "TEL-22": 0.85, "TEL-23": 0.8,
    "TRU-34": 0.5, "TRU-36": 0.5, "TRU-37": 0.6, "TRU-46": 0.3, "TRU-48": 0.85, "TRU-50": 0.3,
}
# Items an observer often cannot see, and the chance of "nie zaobserwowano" (others: 2 %).
HARD_TO_SEE = {"WYG-06": 0.25, "ZAI-01": 0.10, "IDE-04": 0.15, "DYS-13": 0.10, "TEL-15": 0.10}
# Items often missed (negative) or nearly always kept (positive), on the logit scale; others random.
EASE = {
    "ZAI-08": -1.0, "PRO-07": -0.9, "PRO-04": -0.7, "PRO-18": -0.7, "TEL-01": -0.6, "TEL-15": -0.5,
    "TEL-24": -0.4, "ZAI-06": -0.4, "WYG-03": -0.5, "WYG-04": -0.4, "INF-04": -0.6, "INF-07": -0.5,
    "STA-03": -0.5, "TRU-32": -1.0, "TRU-33": -0.9, "TRU-42": -0.8, "PRO-17": -0.4,
    "IDE-01": 0.5, "WYG-08": 1.0, "DYS-01": 0.6, "PRO-01": 0.6, "PRO-22": 0.7,
}
CRITICAL_BREACH_FACTOR = 0.05  # a critical item is breached this much less often than missed

FEMALE_FIRST = (
    "Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Elżbieta", "Magdalena",
    "Joanna", "Monika", "Aleksandra", "Beata", "Dorota", "Justyna", "Renata", "Iwona", "Jolanta",
    "Karolina", "Marta", "Paulina", "Natalia", "Sylwia", "Grażyna", "Teresa", "Halina", "Urszula",
    "Izabela", "Edyta", "Patrycja", "Kinga", "Weronika", "Emilia", "Dominika", "Agata"
)
MALE_FIRST = (
    "Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Jan", "Grzegorz", "Marek",
    "Łukasz", "Adam", "Zbigniew", "Jerzy", "Rafał", "Dariusz", "Mariusz", "Wojciech", "Robert", "Kamil",
    "Jakub", "Sławomir", "Artur", "Mateusz", "Bartosz"
)
# Masculine forms; "-ki" surnames (Kowalski, Nowicki, Zawadzki) take "-ka" for women, others stay.
SURNAMES = (
    "Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński",
    "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Wojciechowski", "Kwiatkowski",
    "Krawczyk", "Kaczmarek", "Piotrowski", "Grabowski", "Zając", "Pawłowski", "Michalski", "Król",
    "Wieczorek", "Jabłoński", "Wróbel", "Nowakowski", "Majewski", "Olszewski", "Stępień", "Malinowski",
    "Jaworski", "Adamczyk", "Dudek", "Nowicki", "Pawlak", "Górski", "Witkowski", "Walczak", "Sikora",
    "Baran", "Rutkowski", "Michalak", "Szewczyk", "Ostrowski", "Tomaszewski", "Pietrzak", "Zalewski",
    "Wróblewski", "Marciniak", "Jasiński", "Zawadzki", "Sadowski", "Bąk", "Chmielewski", "Włodarczyk",
    "Borkowski", "Czarnecki", "Sawicki", "Sokołowski", "Urbański", "Kubiak", "Maciejewski", "Szczepański",
    "Kucharski", "Wilk", "Kalinowski", "Lis", "Mazurek", "Wysocki", "Adamski", "Kaźmierczak", "Wasilewski",
    "Sobczak", "Czerwiński", "Andrzejewski", "Cieślak", "Głowacki", "Zakrzewski", "Kołodziej", "Sikorski",
    "Krajewski", "Gajewski", "Szulc", "Szymczak", "Baranowski", "Laskowski", "Brzeziński", "Makowski",
    "Jóźwiak"
)
# fmt: on
POSITIONS = (
    ("podinspektor", 0.25),
    ("inspektor", 0.30),
    ("starszy inspektor", 0.15),
    ("referent", 0.12),
    ("starszy referent", 0.06),
    ("główny specjalista", 0.12),
)

CRITICAL_COMMENTS = {
    "IDE-03": (
        "Pracownik skomentował przy Kliencie, że „znowu przyszedł bez kompletu dokumentów”.",
        "Uwaga o Kliencie wypowiedziana głośno do współpracownika przy stanowisku.",
    ),
    "DYS-05": (
        "Podczas obsługi pracownik opowiadał o sprawie innego Klienta.",
        "Rozmowa ze współpracownikiem o poprzednim Kliencie w obecności obsługiwanej osoby.",
    ),
    "DYS-06": (
        "Na blacie leżały widoczne dla innych dokumenty poprzedniego Klienta.",
        "Wnioski z danymi osobowymi pozostawione na ladzie przy poczekalni.",
    ),
    "DYS-09": (
        "Pracownik zażartował z błędu Klienta w formularzu.",
        "Ironiczny komentarz do pytania Klienta.",
    ),
    "TEL-05": (
        "Informacje o sprawie przekazane telefonicznie osobie, która nie jest stroną.",
        "Podano szczegóły sprawy bez upewnienia się, z kim się rozmawia.",
    ),
    "TEL-12": (
        "Przełączone połączenie zostało przerwane, Klient nie dostał informacji.",
        "Klient pozostawiony na linii bez połączenia z właściwą osobą.",
    ),
}
CRITICAL_COMMENT_OTHER = ("Naruszenie krytyczne – omówione z pracownikiem bezpośrednio po obsłudze.",)
NOT_MET_COMMENTS = {
    "identyfikacja": "Pracownik odesłał Klienta do innego wydziału bez wyjaśnienia.",
    "wyglad": "Strój sportowy, brak identyfikatora.",
    "stanowisko": "Na stanowisku prywatne rzeczy i stos nieopisanych akt.",
    "wiedza": "Pracownik nie znał aktualnej wysokości opłaty, sprawdzał w trakcie obsługi.",
    "zainteresowanie": "Klient czekał ok. 2 minut, zanim pracownik oderwał wzrok od monitora.",
    "proces": "Nie padła informacja o terminie załatwienia sprawy.",
    "dyskrecja": "Rozmowa o danych Klienta prowadzona głośno przy kolejce.",
    "telefon": "Telefon odebrany dopiero po szóstym sygnale.",
    "trudne_sytuacje": "Pracownik odpowiedział „proszę się uspokoić”.",
    "informacja": "Na tablicy nieaktualne ogłoszenie z zeszłego roku.",
}
NOTES_GOOD = (
    "Uprzejme powitanie i jasne wyjaśnienie kolejnych kroków.",
    "Sprawnie sprawdzone dokumenty, Klient wyszedł z kompletem informacji.",
    "Spokojny ton mimo dużej kolejki.",
    "Pracownik sam zaproponował pomoc przy wypełnieniu wniosku.",
    "Dobry kontakt wzrokowy, Klient traktowany z szacunkiem.",
    "Precyzyjna informacja o opłatach i numerze konta.",
    "Cierpliwe tłumaczenie starszej osobie, bez pośpiechu.",
)
NOTES_GOOD_PREMISES = (
    "Stanowiska uporządkowane, druki pod ręką.",
    "Tablica ogłoszeń aktualna i czytelna.",
    "Dokumenty Klientów schowane, blaty puste.",
)
NOTES_IMPROVE = {
    "identyfikacja": "Nie komentować przy Kliencie pracy innych wydziałów.",
    "wyglad": "Przypomnieć zasady stroju służbowego.",
    "stanowisko": "Uporządkować stanowisko, usunąć prywatne rzeczy z blatu.",
    "wiedza": "Uzupełnić wiedzę o aktualnych opłatach i terminach.",
    "zainteresowanie": "Od razu dać Klientowi znać, że został zauważony.",
    "proces": "Na koniec sprawdzać, czy Klient zrozumiał dalsze kroki.",
    "dyskrecja": "Pilnować dyskrecji przy kolejce.",
    "telefon": "Przedstawiać się na początku każdej rozmowy telefonicznej.",
    "trudne_sytuacje": "Reagować na emocje Klienta bez „proszę się uspokoić”.",
    "informacja": "Zdjąć nieaktualne ogłoszenia i materiały innych instytucji.",
}
GOALS = {
    "proces": "Na koniec każdej obsługi upewniać się, że Klient zna dalsze kroki i termin.",
    "telefon": "Przedstawiać się pełną formułą przy każdym odebranym połączeniu.",
    "zainteresowanie": "Witać Klienta i nawiązywać kontakt wzrokowy od razu po jego wejściu.",
    "wiedza": "Przygotować ściągę z aktualnymi opłatami i numerami kont.",
    "dyskrecja": "Chować dokumenty poprzedniego Klienta przed przyjęciem kolejnego.",
    "trudne_sytuacje": "W rozmowach ze skargą najpierw wysłuchać Klienta bez przerywania.",
    "stanowisko": "Trzymać na blacie tylko rzeczy potrzebne do obsługi.",
}
TRAINING_NEEDS = (
    "Szkolenie: obsługa Klienta w trudnych sytuacjach.",
    "Szkolenie z komunikacji telefonicznej.",
    "Warsztaty z prostego języka w pismach urzędowych.",
)
CONVERSATION_NOTES = (
    "Rozmowa w dobrej atmosferze; pracownik zna swoje mocne strony.",
    "Pracownik zgłosił potrzebę wsparcia przy dużej liczbie Klientów w poniedziałki.",
    "Omówiono wyniki obserwacji z ostatniego kwartału.",
)

RATING_COMMENTS = {
    ("pl", "good"): (
        "Bardzo miła i kompetentna obsługa, dziękuję.",
        "Wszystko załatwione szybko i sprawnie.",
        "Pani wszystko cierpliwie wytłumaczyła.",
        "Profesjonalnie i bez długiego czekania.",
        "Dziękuję za pomoc przy wypełnianiu wniosku.",
        "Sprawnie, uprzejmie, tak trzymać.",
        "Pan w okienku bardzo pomocny, wyjaśnił, co dalej.",
        "Czysto, wygodnie, krótkie oczekiwanie.",
    ),
    ("pl", "mixed"): (
        "Obsługa miła, ale długo czekałem na swoją kolej.",
        "Sprawa załatwiona, choć zabrakło informacji o opłatach.",
        "Dobrze, ale formularze mogłyby być prostsze.",
        "Trudno znaleźć właściwy pokój, brak oznaczeń.",
        "W porządku, tylko automat z numerkami się zawiesił.",
    ),
    ("pl", "bad"): (
        "Bardzo długa kolejka, otwarte tylko jedno stanowisko.",
        "Nikt nie potrafił odpowiedzieć na moje pytanie.",
        "Odesłano mnie do innego pokoju, a stamtąd do kolejnego.",
        "Niemiła obsługa, pani rozmawiała w tym czasie przez telefon.",
        "Za mało miejsc siedzących, duszno w poczekalni.",
        "Trzeci raz przychodzę z tą samą sprawą.",
    ),
    ("uk", "good"): ("Дуже ввічливе обслуговування, дякую!", "Все пояснили зрозуміло."),
    ("uk", "mixed"): ("Привітний персонал, але довго чекати.",),
    ("uk", "bad"): ("Довго чекав у черзі.", "Не було інформації українською мовою."),
    ("en", "good"): ("Very helpful staff, thank you.", "Quick and friendly service."),
    ("en", "mixed"): ("Friendly staff, but the waiting time was long.",),
    ("en", "bad"): ("Long queue and no information in English.",),
}
DEPARTMENT_COMMENTS = {
    ("KM", "good"): ("Rejestracja samochodu poszła szybko, dziękuję.", "Prawo jazdy odebrane od ręki."),
    ("KM", "bad"): ("Na odbiór dowodu rejestracyjnego czekałem ponad godzinę.",),
    ("GK", "good"): ("Mapa do celów projektowych gotowa w terminie.",),
    ("GK", "bad"): ("Wypis z rejestru gruntów – długo i bez informacji o opłacie.",),
    ("AB", "bad"): (
        "Wniosek o pozwolenie na budowę czeka trzeci miesiąc, nikt nie umie powiedzieć dlaczego.",
        "Dwa razy wzywano mnie do uzupełnienia tych samych dokumentów.",
    ),
    ("AB", "mixed"): ("Pani pomocna, ale terminy w wydziale coraz dłuższe.",),
    ("PZP", "good"): ("Miła atmosfera, pani pomogła wypełnić wniosek o orzeczenie.",),
}


def generate(
    db: Database,
    *,
    months: int = 12,
    ratings: int = 20_000,
    observations: int = 2_000,
    seed: int = 2026,
    end: datetime | None = None,
    improvement_loop: bool = True,
) -> dict:
    """Fill an empty database with `months` of synthetic history ending at `end` (default now),
    and, unless `improvement_loop` is False, the improvement loop's rows (data.demo_loop).

    Refuses (ValueError, Polish message) a database that already has observations or client
    ratings. Departments that already exist (same code) are reused. Returns what was created.
    """
    if months < 1 or months > 120:
        raise ValueError("Liczba miesięcy danych demonstracyjnych musi być od 1 do 120.")
    if ratings < 0 or observations < 0:
        raise ValueError("Liczba ocen i obserwacji nie może być ujemna.")
    if seed < 0:
        raise ValueError("Ziarno losowania (--seed) musi być liczbą nieujemną.")
    counts = maintenance.row_counts(db)
    if counts["observations"] or counts["client_ratings"]:
        raise ValueError(
            "Baza zawiera już obserwacje lub oceny Klientów. Dane demonstracyjne można wczytać tylko do "
            "pustej bazy – wskaż nowy plik zmienną JAKOSC_DB."
        )
    end = (end or now()).replace(microsecond=0)
    start = _months_before(end, months)
    checklists = current_checklists()
    hours = OfficeHours(start, end)
    known = {d["code"]: d["id"] for d in departments.list_departments(db)}
    office = Office.build(_rng(seed, _OFFICE), checklists, hours, known)
    added: Counter[str] = Counter()
    try:
        # One transaction per chunk keeps memory flat (DuckDB holds a transaction's new index
        # entries in memory); a failure removes what earlier chunks loaded.
        for group in _frame_groups(seed, office, hours, checklists, observations, ratings):
            added.update(bulk.insert_frames(db, group))
        if improvement_loop:
            from data.demo_loop import add_loop  # its parts read this module's office constants

            added.update(add_loop(db, checklists, seed, end.date()))
            added["client_ratings"] += added["paper_ratings"]  # the summary counts every rating
    except BaseException:
        _remove(db, office)
        raise
    summary = {
        "from": start.isoformat(sep=" "),
        "to": end.isoformat(sep=" "),
        "seed": seed,
        "handbook_version": checklists.version,
        **{table: added[table] for table in _SUMMARY_TABLES},
    }
    db.write(lambda cursor: audit.record(cursor, "demo", "generate", "demo_data", None, None, summary))
    return summary


_SUMMARY_TABLES = (
    "departments",
    "employees",
    "kiosks",
    "acknowledgements",
    "conversations",
    "observations",
    "observation_answers",
    "observation_standard_scores",
    "client_ratings",
    "improvement_actions",
    "training_records",
    "observation_plan",
    "client_cases",
    "mail_outbox",
    "paper_ratings",
    "survey_campaigns",
)


def _frame_groups(
    seed: int, office: Office, hours: OfficeHours, checklists: ChecklistSet, observations: int, ratings: int
) -> Iterator[Iterator[tuple[str, pd.DataFrame]]]:
    """The frames to load, in groups that are loaded one transaction each."""
    yield office.frames()
    yield from _observation_frames(seed, office, hours, checklists, observations)
    yield from _rating_frames(seed, office, hours, ratings)


def _remove(db: Database, office: Office) -> None:
    """Undo a run that failed half-way. The database had no observations and no ratings before."""

    def ids(values) -> list[uuid.UUID]:
        return [uuid.UUID(str(value)) for value in values]

    employees = ids(office.employee_ids)
    from data.demo_campaigns import ACTOR as CAMPAIGN_ACTOR
    from data.demo_loop import TABLES  # its parts read this module's office constants

    owners = {
        "department": ids(office.department_ids),
        "employee": employees,
        "observer": ids(office.observer_ids),
        "demo": [CAMPAIGN_ACTOR],
    }
    bulk.delete_rows(
        db,
        [
            *((table, column, owners[owner]) for table, (column, owner) in TABLES.items()),
            ("observation_answers", None, None),
            ("observation_standard_scores", None, None),
            ("observations", None, None),
            ("client_ratings", None, None),
            ("acknowledgements", "employee_id", employees),
            ("conversations", "employee_id", employees),
            ("employees", "id", employees),
            ("kiosks", "id", ids(office.kiosk_ids.values())),
            ("departments", "id", ids(office.department_ids[i] for i in office.new_departments)),
        ],
    )


# ---------------------------------------------------------------------------------------------
# Time: office hours, holidays, busy slots


def _months_before(moment: datetime, months: int) -> datetime:
    years, month_index = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + years, month_index + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def _easter(year: int) -> date:
    """Easter Sunday (Gregorian calendar, the anonymous algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday) // 451
    month, day = divmod(h + weekday - 7 * m + 114, 31)
    return date(year, month, day + 1)


def polish_holidays(year: int) -> list[date]:
    """Statutory days off in Poland that can fall on a working day."""
    easter = _easter(year)
    fixed = [(1, 1), (1, 6), (5, 1), (5, 3), (8, 15), (11, 1), (11, 11), (12, 25), (12, 26)]
    if year >= 2025:
        fixed.append((12, 24))
    return [date(year, m, d) for m, d in fixed] + [easter + timedelta(days=1), easter + timedelta(days=60)]


SLOT_MINUTES = 15
_OPEN, _CLOSE = 7 * 60 + 30, 15 * 60 + 30
_HOUR_TRAFFIC = {7: 0.55, 8: 0.95, 9: 1.25, 10: 1.3, 11: 1.15, 12: 0.95, 13: 0.85, 14: 0.7, 15: 0.4}
_WEEKDAY_TRAFFIC = (1.35, 1.05, 1.0, 0.95, 0.75)
_MONTH_TRAFFIC = (1.05, 1.0, 1.1, 1.05, 1.05, 1.0, 0.85, 0.8, 1.05, 1.1, 1.0, 0.85)


class OfficeHours:
    """Fifteen-minute slots of the office's opening hours between start and end.

    `traffic` is how busy each slot is relative to an average one (mean 1): Monday mornings
    are the busiest, Friday afternoons and the summer holidays the quietest.
    """

    def __init__(self, start: datetime, end: datetime):
        self.start = np.datetime64(start, "s")
        self.end = np.datetime64(end, "s")
        days = np.arange(np.datetime64(start.date(), "D"), np.datetime64(end.date(), "D") + 1)
        holidays = np.array(
            [d for year in range(start.year, end.year + 1) for d in polish_holidays(year)],
            dtype="datetime64[D]",
        )
        weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday; Monday = 0
        days = days[(weekday < 5) & ~np.isin(days, holidays)]
        minutes = np.arange(_OPEN, _CLOSE, SLOT_MINUTES)
        slots = days.astype("datetime64[s]")[:, None] + (minutes * 60).astype("timedelta64[s]")[None, :]
        slots = slots.ravel()
        inside = (slots >= self.start) & (slots + np.timedelta64(SLOT_MINUTES * 60, "s") <= self.end)
        self.slot_start = slots[inside]
        if len(self.slot_start) == 0:
            raise ValueError("W wybranym okresie nie ma ani jednego dnia pracy urzędu.")
        self.weekday = ((self.slot_start.astype("datetime64[D]").astype(np.int64) + 3) % 7).astype(np.int8)
        self.minute = (
            (self.slot_start - self.slot_start.astype("datetime64[D]")).astype(np.int64) // 60
        ).astype(np.int16)
        month = self.slot_start.astype("datetime64[M]").astype(np.int64) % 12
        hour_traffic = np.array([_HOUR_TRAFFIC.get(m // 60, 0.0) for m in range(24 * 60)])
        traffic = (
            hour_traffic[self.minute]
            * np.array(_WEEKDAY_TRAFFIC)[self.weekday]
            * np.array(_MONTH_TRAFFIC)[month]
            * np.where((self.weekday == 0) & (self.minute < 11 * 60), 1.25, 1.0)
        )
        self.traffic = traffic / traffic.mean()
        self.span = (self.end - self.start).astype(np.int64)

    def sample(
        self, rng: np.random.Generator, n: int, *, flatness: float = 0.0
    ) -> tuple[np.ndarray, np.ndarray]:
        """n moments in time order, busy slots more likely; returns (moments, slot indices).

        `flatness` 1 spreads them evenly over opening hours (supervisors' visits), 0 follows
        the clients."""
        weight = self.traffic ** (1.0 - flatness)
        slot = np.sort(rng.choice(len(weight), size=n, p=weight / weight.sum()))
        moment = self.slot_start[slot] + rng.integers(0, SLOT_MINUTES * 60, size=n).astype("timedelta64[s]")
        order = np.argsort(moment, kind="stable")
        return moment[order], slot[order]

    def progress(self, moment: np.ndarray) -> np.ndarray:
        """0 at the start of the period, 1 at its end."""
        return (moment - self.start).astype(np.int64) / self.span


# ---------------------------------------------------------------------------------------------
# Helpers


def _rng(seed: int, part: int, chunk: int = 0) -> np.random.Generator:
    return np.random.default_rng([seed, part, chunk])


_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
_UUID_HEX_POSITIONS = np.array([i for i in range(36) if i not in (8, 13, 18, 23)])


def _uuids(rng: np.random.Generator, n: int) -> np.ndarray:
    """n random (version 4) UUIDs as strings, drawn from rng so that a seed repeats them."""
    raw = rng.integers(0, 256, size=(n, 16), dtype=np.uint8)
    raw[:, 6] = (raw[:, 6] & 0x0F) | 0x40
    raw[:, 8] = (raw[:, 8] & 0x3F) | 0x80
    hexed = np.empty((n, 32), dtype=np.uint8)
    hexed[:, 0::2] = _HEX[raw >> 4]
    hexed[:, 1::2] = _HEX[raw & 0x0F]
    text = np.full((n, 36), ord("-"), dtype=np.uint8)
    text[:, _UUID_HEX_POSITIONS] = hexed
    return text.view("S36").ravel().astype("U36").astype(object)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _logit(p: float) -> float:
    return float(np.log(p / (1.0 - p)))


def _pick(rng: np.random.Generator, pool: tuple[str, ...], n: int) -> np.ndarray:
    return np.array(pool, dtype=object)[rng.integers(0, len(pool), size=n)]


def _nullable_int(values: np.ndarray, missing: np.ndarray) -> pd.arrays.IntegerArray:
    return pd.arrays.IntegerArray(values.astype(np.int32), missing)


def _ascii(text: str) -> str:
    return text.lower().translate(str.maketrans("ąćęłńóśźż", "acelnoszz"))


def _female(surname: str) -> str:
    return surname[:-1] + "a" if surname.endswith("ki") else surname


# ---------------------------------------------------------------------------------------------
# The office: departments, employees, kiosks, acknowledgements, conversations


@dataclass
class Office:
    profiles: tuple[DepartmentProfile, ...]
    department_ids: np.ndarray  # str per department
    new_departments: list[int]  # indices of departments to insert (the others exist already)
    observer_ids: np.ndarray  # a fictional supervisor per department
    coordinator_id: str  # the quality coordinator who makes calibration observations
    moderator_id: str  # who moderates client comments
    employee_ids: np.ndarray
    employee_department: np.ndarray  # department index per employee
    employee_skill: np.ndarray  # logit offset of the employee's service quality
    acknowledged_on: np.ndarray  # datetime64[D]; NaT when the employee has not acknowledged
    kiosk_ids: dict[str, str]
    created_at: datetime
    _frames: list[tuple[str, pd.DataFrame]] = field(default_factory=list)

    @classmethod
    def build(
        cls, rng: np.random.Generator, checklists: ChecklistSet, hours: OfficeHours, known: dict[str, object]
    ) -> Office:
        profiles = DEPARTMENTS
        created_at = (hours.start - np.timedelta64(7, "D")).astype(datetime).replace(hour=8, minute=0)
        generated_ids = _uuids(rng, len(profiles))
        department_ids = np.array(
            [str(known.get(p.code, generated_ids[i])) for i, p in enumerate(profiles)], dtype=object
        )
        new_departments = [i for i, p in enumerate(profiles) if p.code not in known]
        observer_ids = _uuids(rng, len(profiles))
        coordinator_id, moderator_id = _uuids(rng, 2)
        office = cls(
            profiles=profiles,
            department_ids=department_ids,
            new_departments=new_departments,
            observer_ids=observer_ids,
            coordinator_id=coordinator_id,
            moderator_id=moderator_id,
            employee_ids=np.array([], dtype=object),
            employee_department=np.array([], dtype=np.int64),
            employee_skill=np.array([]),
            acknowledged_on=np.array([], dtype="datetime64[D]"),
            kiosk_ids={},
            created_at=created_at,
        )
        office._departments_frame()
        office._employees(rng)
        office._kiosks(rng)
        office._acknowledgements(rng, checklists, hours)
        office._conversations(rng, checklists, hours)
        return office

    def frames(self) -> Iterator[tuple[str, pd.DataFrame]]:
        yield from self._frames

    def _departments_frame(self) -> None:
        rows = [
            {"id": self.department_ids[i], "code": self.profiles[i].code, "name": self.profiles[i].name}
            for i in self.new_departments
        ]
        if rows:
            frame = pd.DataFrame(rows)
            frame["active"] = True
            frame["created_at"] = self.created_at
            self._frames.append(("departments", frame))

    def _employees(self, rng: np.random.Generator) -> None:
        used: set[tuple[str, str]] = set()
        rows = []
        department, skill = [], []
        position_names = [p for p, _ in POSITIONS]
        position_weights = np.array([w for _, w in POSITIONS])
        for index, profile in enumerate(self.profiles):
            for person in range(profile.staff):
                while True:
                    woman = rng.random() < 0.7
                    first = str(rng.choice(FEMALE_FIRST if woman else MALE_FIRST))
                    surname = str(rng.choice(SURNAMES))
                    last = _female(surname) if woman else surname
                    if (first, last) not in used:
                        used.add((first, last))
                        break
                if person == 0 and profile.staff >= 10:
                    position = "kierownik referatu"
                else:
                    position = position_names[rng.choice(len(position_names), p=position_weights)]
                rows.append(
                    {
                        "first_name": first,
                        "last_name": last,
                        "position": position,
                        "email": f"{_ascii(first)}.{_ascii(last)}@{OFFICE_DOMAIN}",
                    }
                )
                department.append(index)
                skill.append(rng.normal(0.0, 0.4))
        self.employee_ids = _uuids(rng, len(rows))
        self.employee_department = np.array(department)
        self.employee_skill = np.array(skill)
        frame = pd.DataFrame(rows)
        frame.insert(0, "id", self.employee_ids)
        frame.insert(1, "department_id", self.department_ids[self.employee_department])
        frame["active"] = True
        frame["anonymised"] = False
        frame["created_at"] = self.created_at
        self._frames.append(("employees", frame))

    def _kiosks(self, rng: np.random.Generator) -> None:
        codes = {p.code: i for i, p in enumerate(self.profiles)}
        ids = _uuids(rng, len(KIOSKS))
        rows = []
        for kiosk_id, (key, (name, code)) in zip(ids, KIOSKS.items(), strict=True):
            self.kiosk_ids[key] = kiosk_id
            token_hash = rng.integers(0, 256, size=32, dtype=np.uint8).tobytes().hex()
            rows.append(
                {
                    "id": kiosk_id,
                    "name": name,
                    "department_id": None if code is None else self.department_ids[codes[code]],
                    "token_hash": token_hash,
                    "active": True,
                    "created_at": self.created_at,
                }
            )
        self._frames.append(("kiosks", pd.DataFrame(rows)))

    def _acknowledgements(
        self, rng: np.random.Generator, checklists: ChecklistSet, hours: OfficeHours
    ) -> None:
        n = len(self.employee_ids)
        rollout = hours.start.astype("datetime64[D]") - np.timedelta64(7, "D")
        day = rollout + rng.integers(0, 90, size=n).astype("timedelta64[D]")
        signed = (rng.random(n) < 0.9) & (day <= hours.end.astype("datetime64[D]"))
        self.acknowledged_on = np.where(signed, day, np.datetime64("NaT", "D"))
        paper = rng.random(n) < 0.7
        who = signed.nonzero()[0]
        frame = pd.DataFrame(
            {
                "id": _uuids(rng, len(who)),
                "employee_id": self.employee_ids[who],
                "handbook_version": checklists.version,
                "acknowledged_on": day[who],
                "method": np.where(paper[who], "paper", "self"),
                "recorded_by": np.where(paper[who], self.observer_ids[self.employee_department[who]], None),
                "created_at": day[who].astype("datetime64[s]") + np.timedelta64(10 * 3600, "s"),
            }
        )
        self._frames.append(("acknowledgements", frame))

    def _conversations(self, rng: np.random.Generator, checklists: ChecklistSet, hours: OfficeHours) -> None:
        """A first periodic conversation for about a third of the staff: goals set, none assessed yet."""
        standards = [s.id for s in checklists.standards if s.id in GOALS]
        who = (rng.random(len(self.employee_ids)) < 0.35).nonzero()[0]
        if not standards or len(who) == 0:
            return
        moments, _ = hours.sample(rng, len(who), flatness=1.0)
        ids = _uuids(rng, len(who))
        rows = []
        for conversation_id, employee, moment in zip(ids, who, rng.permutation(moments), strict=True):
            held_on = moment.astype("datetime64[D]").astype(date)
            chosen = rng.choice(standards, size=int(rng.integers(1, 3)), replace=False)
            goals = [{"standard_id": str(s), "text": GOALS[str(s)]} for s in chosen]
            rows.append(
                {
                    "id": conversation_id,
                    "employee_id": self.employee_ids[employee],
                    "supervisor_id": self.observer_ids[self.employee_department[employee]],
                    "held_on": held_on,
                    "goals": json.dumps(goals, ensure_ascii=False),
                    "goal_assessments": "[]",
                    "training_needs": str(rng.choice(TRAINING_NEEDS)) if rng.random() < 0.5 else None,
                    "notes": str(rng.choice(CONVERSATION_NOTES)),
                    "next_on": held_on + timedelta(days=182),
                    "created_at": moment.astype(datetime),
                }
            )
        self._frames.append(("conversations", pd.DataFrame(rows)))


# ---------------------------------------------------------------------------------------------
# Observations: who, when, which items, the answers and their scores


@dataclass(frozen=True)
class ItemTable:
    """Every checklist item in checklist order (the order entries_for keeps), as arrays."""

    ids: tuple[str, ...]
    standard_ids: tuple[str, ...]
    standard: np.ndarray  # standard index per item
    standard_slices: tuple[slice, ...]  # columns of each standard (items are grouped by standard)
    weight: np.ndarray
    critical: np.ndarray
    module: np.ndarray  # module bit per item, -1 for items every observation asks
    module_ids: tuple[str, ...]
    asked_in: np.ndarray  # (kinds, items): the kind asks the item
    not_applicable: np.ndarray  # (kinds, items): chance of "nie dotyczy"
    not_observed: np.ndarray  # (kinds, items): chance of "nie zaobserwowano"
    ease: np.ndarray  # logit offset: how easily the item is met
    miss_factor: np.ndarray  # 1, or CRITICAL_BREACH_FACTOR for critical items

    @classmethod
    def of(cls, checklists: ChecklistSet, rng: np.random.Generator) -> ItemTable:
        module_ids = tuple(m.id for m in checklists.modules())
        ids, standard_ids, standard, slices = [], [], [], []
        weight, critical, module, asked_in = [], [], [], []
        for index, s in enumerate(checklists.standards):
            first = len(ids)
            for item in s.items:
                ids.append(item.id)
                standard.append(index)
                weight.append(item.weight)
                critical.append(item.critical)
                module.append(-1 if item.module is None else module_ids.index(item.module))
                asked_in.append([kind in s.kinds_of(item) for kind in KINDS])
            standard_ids.append(s.id)
            slices.append(slice(first, len(ids)))
        n = len(ids)
        module_arr = np.array(module)
        in_module = module_arr >= 0
        base_na = np.where(in_module, 0.04, 0.03)
        situational = np.array([SITUATIONAL.get(i, 0.0) for i in ids])
        not_applicable = np.tile(np.maximum(base_na, situational), (len(KINDS), 1))
        not_applicable[KINDS.index("premises")] = 0.02
        not_observed = np.tile(np.array([HARD_TO_SEE.get(i, 0.02) for i in ids]), (len(KINDS), 1))
        ease = rng.normal(0.2, 0.35, size=n) + np.where(in_module, -0.3, 0.0)
        for position, item_id in enumerate(ids):
            if item_id in EASE:
                ease[position] = EASE[item_id]
        critical_arr = np.array(critical, dtype=bool)
        return cls(
            ids=tuple(ids),
            standard_ids=tuple(standard_ids),
            standard=np.array(standard),
            standard_slices=tuple(slices),
            weight=np.array(weight, dtype=np.float64),
            critical=critical_arr,
            module=module_arr,
            module_ids=module_ids,
            asked_in=np.array(asked_in, dtype=bool).T.reshape(len(KINDS), n),
            not_applicable=not_applicable,
            not_observed=not_observed,
            ease=ease,
            miss_factor=np.where(critical_arr, CRITICAL_BREACH_FACTOR, 1.0),
        )

    def asked(self, kind: np.ndarray, modules: np.ndarray) -> np.ndarray:
        """(observations, items): the items each observation asks, as entries_for gives them."""
        module_on = ((modules[:, None] >> np.maximum(self.module, 0)[None, :]) & 1).astype(bool)
        return self.asked_in[kind] & ((self.module < 0)[None, :] | module_on)

    def module_strings(self, modules: np.ndarray) -> np.ndarray:
        """The stored form of each observation's module set: sorted ids joined by commas."""
        values, inverse = np.unique(modules, return_inverse=True)
        texts = [
            ",".join(sorted(m for bit, m in enumerate(self.module_ids) if value >> bit & 1))
            for value in values
        ]
        return np.array(texts, dtype=object)[inverse.ravel()]


def _draw_answers(
    rng: np.random.Generator, items: ItemTable, kind: np.ndarray, modules: np.ndarray, quality: np.ndarray
) -> np.ndarray:
    """Answer codes (observations × items; 0 where the item is not asked)."""
    asked = items.asked(kind, modules)
    not_applicable = items.not_applicable[kind]
    not_observed = not_applicable + items.not_observed[kind]
    missed = (1.0 - _sigmoid(quality[:, None] + items.ease[None, :])) * items.miss_factor[None, :]
    not_met = not_observed + (1.0 - not_observed) * missed
    u = rng.random(asked.shape)
    codes = np.full(asked.shape, TAK, dtype=np.int8)
    codes[u < not_met] = NIE
    codes[u < not_observed] = NIE_ZAOBSERWOWANO
    codes[u < not_applicable] = NIE_DOTYCZY
    codes[~asked] = 0
    return codes


@dataclass
class Tallies:
    """The scoring of checklists.scoring, for many observations at once."""

    met_weight: np.ndarray
    not_met_weight: np.ndarray
    met: np.ndarray
    not_met: np.ndarray
    not_applicable: np.ndarray
    not_observed: np.ndarray
    asked: np.ndarray

    @property
    def score(self) -> np.ndarray:
        scored = self.met_weight + self.not_met_weight
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(scored > 0, self.met_weight / np.where(scored > 0, scored, 1.0), np.nan)

    @classmethod
    def of(cls, codes: np.ndarray, weight: np.ndarray) -> Tallies:
        # Sum weights column by column in checklist order: the same additions, in the same
        # order, as Tally.add in score_observation, hence the same floats (x + 0.0 == x).
        met_weight = np.zeros(codes.shape[0])
        not_met_weight = np.zeros(codes.shape[0])
        for column in range(codes.shape[1]):
            met_weight += np.where(codes[:, column] == TAK, weight[column], 0.0)
            not_met_weight += np.where(codes[:, column] == NIE, weight[column], 0.0)
        return cls(
            met_weight=met_weight,
            not_met_weight=not_met_weight,
            met=(codes == TAK).sum(axis=1),
            not_met=(codes == NIE).sum(axis=1),
            not_applicable=(codes == NIE_DOTYCZY).sum(axis=1),
            not_observed=(codes == NIE_ZAOBSERWOWANO).sum(axis=1),
            asked=(codes > 0).sum(axis=1),
        )


@dataclass
class ObservationPlan:
    """Header arrays of all observations, in the order they are loaded (by time of visit)."""

    ids: np.ndarray
    department: np.ndarray
    kind: np.ndarray
    employee: np.ndarray  # employee index, -1 for a premises audit
    modules: np.ndarray  # bit set of module indices
    observed_at: np.ndarray
    observer: np.ndarray
    calibration_of: np.ndarray  # id of the repeated observation, or None
    original_row: np.ndarray  # row of the repeated observation, -1 for an independent one
    quality: np.ndarray  # logit of the service quality at this visit


def _plan_observations(
    seed: int, office: Office, hours: OfficeHours, items: ItemTable, n: int
) -> ObservationPlan:
    """Who, when and what for every observation; about 3 % repeat another one (calibration)."""
    rng = _rng(seed, _OBSERVATIONS)
    n_copies = round(n * CALIBRATION_SHARE) if n >= 2 else 0
    n_base = n - n_copies
    staff = np.array([p.staff for p in office.profiles], dtype=np.float64)
    department = rng.choice(len(staff), size=n_base, p=staff / staff.sum())
    kind = rng.choice(len(KINDS), size=n_base, p=KIND_SHARES)
    first_employee = np.concatenate([[0], np.cumsum(staff.astype(np.int64))[:-1]])
    employee = first_employee[department] + (rng.random(n_base) * staff[department]).astype(np.int64)
    premises = kind == KINDS.index("premises")
    employee = np.where(premises, -1, employee)
    modules = np.zeros(n_base, dtype=np.int64)
    codes = [p.code for p in office.profiles]
    for bit, module_id in enumerate(items.module_ids):
        chance = np.array(
            [
                MODULE_CHANCE_BY_DEPARTMENT.get((c, module_id), MODULE_CHANCE.get(module_id, 0.03))
                for c in codes
            ]
        )
        switched_on = (rng.random(n_base) < chance[department]) & ~premises
        modules |= switched_on.astype(np.int64) << bit
    observed_at, slot = hours.sample(rng, n_base, flatness=0.5)
    progress = hours.progress(observed_at)
    start = np.array([_logit(p.quality[0]) for p in office.profiles])
    finish = np.array([_logit(p.quality[1]) for p in office.profiles])
    late = hours.minute[slot] >= 14 * 60
    quality = (
        start[department]
        + (finish - start)[department] * progress
        + np.where(premises, 0.0, office.employee_skill[np.maximum(employee, 0)])
        - 0.25 * (hours.traffic[slot] - 1.0)
        - np.where(late, 0.15, 0.0)
        - np.where(kind == KINDS.index("phone"), 0.2, 0.0)
        + rng.normal(0.0, 0.3, size=n_base)
    )
    ids = _uuids(rng, n)
    originals = np.sort(rng.choice(n_base, size=n_copies, replace=False)) if n_copies else np.array([], int)
    take = np.concatenate([np.arange(n_base), originals])
    calibration_of = np.full(n, None, dtype=object)
    calibration_of[n_base:] = ids[originals]
    observer = office.observer_ids[department[take]].copy()
    observer[n_base:] = office.coordinator_id
    # Sort by the time of the visit; a calibration copy follows the observation it repeats.
    order = np.lexsort((np.arange(n), observed_at[take]))
    row_of = np.empty(n, dtype=np.int64)
    row_of[order] = np.arange(n)  # loaded row of each entry of `take`
    original_row = np.full(n, -1, dtype=np.int64)
    original_row[row_of[n_base:]] = row_of[originals]
    return ObservationPlan(
        ids=ids[order],
        department=department[take][order],
        kind=kind[take][order],
        employee=employee[take][order],
        modules=modules[take][order],
        observed_at=observed_at[take][order],
        observer=observer[order],
        calibration_of=calibration_of[order],
        original_row=original_row,
        quality=quality[take][order],
    )


def _observation_frames(
    seed: int, office: Office, hours: OfficeHours, checklists: ChecklistSet, n: int
) -> Iterator[Iterator[tuple[str, pd.DataFrame]]]:
    """Per chunk of observations: their rows, their answers, their scores per standard."""
    if n == 0:
        return
    items = ItemTable.of(checklists, _rng(seed, _ITEMS))
    plan = _plan_observations(seed, office, hours, items, n)
    # Answer codes of every observation: int8, 20 MB at 100 000 observations.
    codes = np.zeros((n, len(items.ids)), dtype=np.int8)
    for chunk, first in enumerate(range(0, n, OBSERVATION_CHUNK)):
        part = slice(first, first + OBSERVATION_CHUNK)
        codes[part] = _draw_answers(
            _rng(seed, _ANSWERS, chunk), items, plan.kind[part], plan.modules[part], plan.quality[part]
        )
    # A calibration copy is the same visit seen by a second observer, who differs on a few items.
    copies = np.flatnonzero(plan.original_row >= 0)
    if len(copies):
        codes[copies] = _disagree(_rng(seed, _CALIBRATION), codes[plan.original_row[copies]], items)
    for chunk, first in enumerate(range(0, n, OBSERVATION_CHUNK)):
        part = slice(first, first + OBSERVATION_CHUNK)
        yield _observation_chunk(
            _rng(seed, _DETAILS, chunk), office, hours, checklists, items, plan, part, codes[part]
        )


def _disagree(rng: np.random.Generator, codes: np.ndarray, items: ItemTable) -> np.ndarray:
    """A second observer's answers to the same visit: about 6 % of the non-critical items differ."""
    codes = codes.copy()
    change = (codes > 0) & (rng.random(codes.shape) < 0.06) & ~items.critical[None, :]
    swapped = np.where(codes == TAK, NIE, np.where(codes == NIE, TAK, TAK)).astype(np.int8)
    unsure = rng.random(codes.shape) < 0.2
    codes[change] = np.where(unsure, NIE_ZAOBSERWOWANO, swapped)[change]
    return codes


def _observation_chunk(
    rng: np.random.Generator,
    office: Office,
    hours: OfficeHours,
    checklists: ChecklistSet,
    items: ItemTable,
    plan: ObservationPlan,
    part: slice,
    codes: np.ndarray,
) -> Iterator[tuple[str, pd.DataFrame]]:
    n = codes.shape[0]
    ids = plan.ids[part]
    kind = plan.kind[part]
    employee = plan.employee[part]
    observed_at = plan.observed_at[part]
    premises = employee < 0
    overall = Tallies.of(codes, items.weight)
    breaches = ((codes == NIE) & items.critical[None, :]).sum(axis=1)

    # Notes: what went well, and what to improve (from the first standard with a "nie").
    good = np.where(premises, _pick(rng, NOTES_GOOD_PREMISES, n), _pick(rng, NOTES_GOOD, n))
    notes_good = np.where(rng.random(n) < 0.55, good, None)
    first_miss = np.argmax(codes == NIE, axis=1)
    improve_texts = np.array(
        [NOTES_IMPROVE.get(s, "Omówić z pracownikiem pozycje oznaczone „nie”.") for s in items.standard_ids],
        dtype=object,
    )
    notes_improve = np.where(
        (overall.not_met > 0) & (rng.random(n) < 0.6), improve_texts[items.standard[first_miss]], None
    )

    acknowledged_on = office.acknowledged_on[np.maximum(employee, 0)]
    acknowledged = ~np.isnat(acknowledged_on) & (acknowledged_on <= observed_at.astype("datetime64[D]"))
    started = np.minimum(observed_at + rng.integers(0, 120, size=n).astype("timedelta64[s]"), hours.end)
    sent = np.minimum(observed_at + rng.integers(5 * 60, 40 * 60, size=n).astype("timedelta64[s]"), hours.end)
    sent = np.maximum(sent, started)
    scores = overall.score
    observations = pd.DataFrame(
        {
            "id": ids,
            "status": "sent",
            "kind": pd.Categorical.from_codes(kind, KINDS),
            "department_id": office.department_ids[plan.department[part]],
            "employee_id": np.where(premises, None, office.employee_ids[np.maximum(employee, 0)]),
            "observer_id": plan.observer[part],
            "observed_at": observed_at.astype("datetime64[us]"),
            "modules": items.module_strings(plan.modules[part]),
            "handbook_version": checklists.version,
            "calibration_of": plan.calibration_of[part],
            "notes_good": notes_good,
            "notes_improve": notes_improve,
            "employee_acknowledged": pd.arrays.BooleanArray(acknowledged, premises),
            "score": scores,
            "met_weight": overall.met_weight,
            "not_met_weight": overall.not_met_weight,
            "n_met": overall.met.astype(np.int32),
            "n_not_met": overall.not_met.astype(np.int32),
            "n_not_applicable": overall.not_applicable.astype(np.int32),
            "n_not_observed": overall.not_observed.astype(np.int32),
            "n_critical": breaches.astype(np.int32),
            "created_at": started.astype("datetime64[us]"),
            "updated_at": sent.astype("datetime64[us]"),
            "sent_at": sent.astype("datetime64[us]"),
        }
    )
    yield "observations", observations

    # One row per asked item; np.nonzero walks rows in order and items in checklist order.
    asked = codes > 0
    row, column = np.nonzero(asked)
    position = (np.cumsum(asked, axis=1, dtype=np.int32) - 1)[row, column]
    answer = codes[row, column]
    comment = np.full(len(row), None, dtype=object)
    breach = (answer == NIE) & items.critical[column]
    for index in np.flatnonzero(breach):  # rare: a few per hundred observations
        pool = CRITICAL_COMMENTS.get(items.ids[column[index]], CRITICAL_COMMENT_OTHER)
        comment[index] = pool[rng.integers(len(pool))]
    remark = (answer == NIE) & ~breach & (rng.random(len(row)) < 0.1)
    remark_texts = np.array(
        [NOT_MET_COMMENTS.get(s, "Do omówienia z pracownikiem.") for s in items.standard_ids], dtype=object
    )
    comment[remark] = remark_texts[items.standard[column[remark]]]
    yield (
        "observation_answers",
        pd.DataFrame(
            {
                "observation_id": pd.Series(ids[row], dtype=object),
                "item_id": pd.Categorical.from_codes(column, items.ids),
                "standard_id": pd.Categorical.from_codes(items.standard[column], items.standard_ids),
                "position": position,
                "weight": items.weight[column],
                "critical": items.critical[column],
                "answer": pd.Categorical.from_codes(answer.astype(np.int16) - 1, ANSWERS),
                "comment": pd.Series(comment, dtype=object),
            }
        ),
    )

    # One row per standard the observation asked at least one item of.
    frames = []
    for index, columns in enumerate(items.standard_slices):
        block = codes[:, columns]
        tally = Tallies.of(block, items.weight[columns])
        present = np.flatnonzero(tally.asked > 0)
        if len(present) == 0:
            continue
        frames.append(
            pd.DataFrame(
                {
                    "observation_id": ids[present],
                    "standard_id": items.standard_ids[index],
                    "met_weight": tally.met_weight[present],
                    "not_met_weight": tally.not_met_weight[present],
                    "n_met": tally.met[present].astype(np.int32),
                    "n_not_met": tally.not_met[present].astype(np.int32),
                    "n_not_applicable": tally.not_applicable[present].astype(np.int32),
                    "n_not_observed": tally.not_observed[present].astype(np.int32),
                    "score": tally.score[present],
                }
            )
        )
    if frames:
        yield "observation_standard_scores", pd.concat(frames, ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Client ratings


def _rating_frames(
    seed: int, office: Office, hours: OfficeHours, n: int
) -> Iterator[list[tuple[str, pd.DataFrame]]]:
    """Per chunk of client ratings (in time order): one frame."""
    if n == 0:
        return
    rng = _rng(seed, _RATINGS)
    created_at, slot = hours.sample(rng, n)
    share = np.array([p.client_share for p in office.profiles])
    department = rng.choice(len(share), size=n, p=share / share.sum())
    for chunk, first in enumerate(range(0, n, RATING_CHUNK)):
        part = slice(first, first + RATING_CHUNK)
        chunk_rng = _rng(seed, _RATING_CHUNK, chunk)
        frame = _rating_chunk(chunk_rng, office, hours, created_at[part], slot[part], department[part])
        yield [("client_ratings", frame)]


def _rating_chunk(
    rng: np.random.Generator,
    office: Office,
    hours: OfficeHours,
    created_at: np.ndarray,
    slot: np.ndarray,
    department: np.ndarray,
) -> pd.DataFrame:
    n = len(created_at)
    profiles = office.profiles
    progress = hours.progress(created_at)
    busy = hours.traffic[slot] - 1.0

    kiosk_share = np.array([p.kiosk_share for p in profiles])
    at_kiosk = rng.random(n) < kiosk_share[department]
    kiosk_keys = list(KIOSKS)
    kiosk_of_department = np.array([kiosk_keys.index(p.kiosk) for p in profiles])
    kiosk_ids = np.array([office.kiosk_ids[k] for k in kiosk_keys], dtype=object)
    kiosk_id = np.where(at_kiosk, kiosk_ids[kiosk_of_department[department]], None)
    shared_kiosk = np.array([KIOSKS[k][1] is None for k in kiosk_keys])[kiosk_of_department[department]]
    no_department = at_kiosk & shared_kiosk & (rng.random(n) < 0.04)  # the client skipped the question
    department_id = np.where(no_department, None, office.department_ids[department])

    ukrainian = np.array([p.ukrainian for p in profiles])[department]
    u = rng.random(n)
    language_code = np.where(u < ukrainian, 1, np.where(u < ukrainian + 0.012, 2, 0))
    language = np.array(["pl", "uk", "en"], dtype=object)[language_code]

    # Satisfaction follows the service quality of the department at that time, minus queues.
    quality_start = np.array([p.quality[0] for p in profiles])
    quality_end = np.array([p.quality[1] for p in profiles])
    quality = quality_start[department] + (quality_end - quality_start)[department] * progress
    offset = np.array([p.rating_offset for p in profiles])[department]
    mood = 1.0 + 3.8 * quality + offset - 0.15 * busy + rng.normal(0.0, 0.85, size=n)
    mood -= np.where(rng.random(n) < 0.025, 2.5, 0.0)  # the visit that went badly wrong
    overall = np.clip(np.rint(mood + rng.normal(0.0, 0.35, size=n)), 1, 5).astype(np.int32)
    skipped = {"time": 0.07, "manner": 0.05, "conditions": 0.12, "forms": 0.25, "information": 0.10}
    criteria = {}
    for criterion in CRITERIA:
        shift = np.array([p.criteria.get(criterion, 0.0) for p in profiles])[department]
        if criterion == "time":
            shift = shift - 0.5 * busy
        elif criterion == "manner":
            shift = shift + 0.15
        value = np.clip(np.rint(mood + shift + rng.normal(0.0, 0.6, size=n)), 1, 5)
        criteria[f"rating_{criterion}"] = _nullable_int(value, rng.random(n) < skipped[criterion])

    feeling = mood + rng.normal(0.0, 0.8, size=n)
    settled = np.where(feeling > 3.4, "yes", np.where(feeling > 2.4, "partly", "no")).astype(object)
    settled[rng.random(n) < 0.08] = None

    chance = np.select([overall <= 2, overall == 3], [0.12, 0.06], 0.03)
    with_comment = np.flatnonzero(rng.random(n) < chance)
    comment = np.full(n, None, dtype=object)
    status = np.full(n, "none", dtype=object)
    moderated_at = np.full(n, np.datetime64("NaT"), dtype="datetime64[s]")
    moderated_by = np.full(n, None, dtype=object)
    if len(with_comment):
        mood_name = np.select([overall <= 2, overall == 3], ["bad", "mixed"], "good")
        picks = rng.random((len(with_comment), 2))
        texts = []
        for row, (pick_pool, pick_text) in zip(with_comment, picks, strict=True):
            key = (language[row], mood_name[row])
            pool = RATING_COMMENTS[key]
            special = DEPARTMENT_COMMENTS.get((profiles[department[row]].code, mood_name[row]))
            if special and language[row] == "pl" and department_id[row] is not None and pick_pool < 0.4:
                pool = special
            texts.append(pool[int(pick_text * len(pool))])
        comment[with_comment] = texts
        recent = created_at[with_comment] >= hours.end - np.timedelta64(10, "D")
        pending = recent | (rng.random(len(with_comment)) < 0.03)
        status[with_comment] = np.where(pending, "pending", "approved")
        approved = with_comment[~pending]
        # Moderated in office hours one to three days later (or by the end of the period).
        moderated_day = created_at[approved].astype("datetime64[D]") + rng.integers(1, 4, size=len(approved))
        moderated_at[approved] = np.minimum(
            moderated_day.astype("datetime64[s]")
            + rng.integers(_OPEN * 60, _CLOSE * 60, size=len(approved)).astype("timedelta64[s]"),
            hours.end,
        )
        moderated_by[approved] = office.moderator_id

    return pd.DataFrame(
        {
            "id": _uuids(rng, n),
            "created_at": created_at.astype("datetime64[us]"),
            "completed_at": created_at.astype("datetime64[us]"),  # every demo visit was sent
            "channel": np.where(at_kiosk, "kiosk", "qr").astype(object),
            "kiosk_id": kiosk_id,
            "department_id": department_id,
            "language": language,
            "overall": overall,
            **criteria,
            "settled": settled,
            "comment": comment,
            "comment_status": status,
            "moderated_by": moderated_by,
            "moderated_at": moderated_at.astype("datetime64[us]"),
            "burst": False,
        }
    )
