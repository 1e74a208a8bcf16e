"""The printable paper questionnaire (A4, vector PDF): the client form's questions in Polish,
worded exactly as on the kiosk and phone form (the survey.* messages), the office's name and a
department box; typeset by documents/templates/questionnaire.typ.

The questions are numbered in services.paper_survey.QUESTIONS' order, the order in which staff
type a questionnaire's answers on the paper entry screen (one tuple, so the two never drift).
"""

from __future__ import annotations

from documents.pdf import render
from i18n import t
from services.paper_survey import QUESTIONS
from storage.ratings import CRITERIA

SETTLED = ("yes", "partly", "no")
SCALE = (1, 2, 3, 4, 5)
MAX_DEPARTMENT_BOXES = 12  # more names would crowd the page: a line to write the department on instead
TITLE = "Ankieta satysfakcji klienta"
INTRO = (
    "Prosimy o ocenę dzisiejszej wizyty w urzędzie. Ankieta jest anonimowa: nie podpisuj jej. "
    "Odpowiedzi pomagają nam poprawiać obsługę Klientów. "
    "Wypełnioną ankietę wrzuć do skrzynki na ankiety w urzędzie."
)
INSTRUCTION = "W każdym pytaniu zaznacz znakiem X jedną odpowiedź."


def questionnaire_pdf(office: str, departments: list[str]) -> bytes:
    """The questionnaire as a one-page A4 PDF; `departments` are the names to tick (a blank line to
    write on when there are more than MAX_DEPARTMENT_BOXES, or their boxes would stand taller than
    7 cm: the template measures them)."""
    number = {question: str(index) for index, question in enumerate(QUESTIONS, start=1)}
    scale = [{"value": str(value), "label": _pl(f"survey.scale.{value}")} for value in SCALE]
    data = {
        "title": f"{TITLE} – {office}",
        "office": office,
        "heading": TITLE,
        "intro": INTRO,
        "instruction": INSTRUCTION,
        "department": {
            "question": _pl("survey.department"),
            "names": departments if len(departments) <= MAX_DEPARTMENT_BOXES else [],
            "blank": "Wydział: " + "." * 80,
        },
        "overall": {
            "number": number["overall"],
            "text": _pl("survey.title"),
            "options": [f"{point['value']} – {point['label']}" for point in scale],  # as the form's buttons
        },
        "criteria": {
            "hint": _pl("survey.skip_hint"),
            "scale": [*scale, {"value": "", "label": "nie dotyczy"}],
            "items": [{"number": number[c], "text": _pl(f"survey.criterion.{c}")} for c in CRITERIA],
        },
        "settled": {
            "number": number["settled"],
            "text": _pl("survey.settled"),
            "options": [_pl(f"survey.settled.{answer}") for answer in SETTLED],
        },
        "comment": {
            "number": str(len(QUESTIONS) + 1),  # typed last
            "text": _pl("survey.comment"),
            "help": _pl("survey.comment_help"),
        },
        "date": "Data wizyty: " + "." * 30,
        "thanks": "Dziękujemy!",
    }
    return render("questionnaire.typ", data)


def _pl(key: str) -> str:
    return t(key, "pl")
