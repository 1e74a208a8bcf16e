"""Dashboard filters and their form in the URL, so a view can be bookmarked and shared.

URL form: ?od=2026-01-01&do=2026-11-30&dzialy=KM,GK&rodzaj=in_person&wersja=2021.1&kanal=kiosk,paper
Anything unreadable falls back to the default and is reported as a Polish warning. The channels
(`kanal`) narrow the client ratings only; observation figures ignore them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from checklists.schema import Kind

PRESETS = ("month", "quarter", "year", "custom")
PRESET_DAYS = {"month": 30, "quarter": 91, "year": 365}
EARLIEST = date(2000, 1, 1)  # older dates in a URL are mistakes (and year 1 would overflow previous())
CHANNELS = ("kiosk", "qr", "paper")  # where a client rating came from (client_ratings.channel)


@dataclass(frozen=True)
class Filters:
    start: date
    end: date  # inclusive
    department_codes: tuple[str, ...] = ()  # empty: every department the viewer may see
    kind: Kind | None = None
    handbook_version: str | None = None
    channels: tuple[str, ...] = ()  # of CHANNELS, in that order; empty: every channel

    @property
    def since(self) -> datetime:
        return datetime.combine(self.start, time.min)

    @property
    def until(self) -> datetime:
        """Exclusive upper bound."""
        return datetime.combine(self.end + timedelta(days=1), time.min)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Filters:
        """The period of the same length just before this one, other filters unchanged."""
        end = self.start - timedelta(days=1)
        return replace(self, start=end - timedelta(days=self.days - 1), end=end)

    def to_params(self) -> dict[str, str]:
        params = {"od": self.start.isoformat(), "do": self.end.isoformat()}
        if self.department_codes:
            params["dzialy"] = ",".join(self.department_codes)
        if self.kind:
            params["rodzaj"] = self.kind.value
        if self.handbook_version:
            params["wersja"] = self.handbook_version
        if self.channels:
            params["kanal"] = ",".join(self.channels)
        return params


def preset(name: str, today: date) -> tuple[date, date]:
    return today - timedelta(days=PRESET_DAYS[name] - 1), today


def from_params(
    params: dict[str, str], *, today: date, known_codes: set[str], versions: set[str]
) -> tuple[Filters, list[str]]:
    """Filters from URL parameters, and Polish warnings for what was ignored."""
    warnings: list[str] = []
    default_start, default_end = preset("quarter", today)

    def read_date(key: str, fallback: date) -> date:
        raw = params.get(key)
        if not raw:
            return fallback
        try:
            value = date.fromisoformat(raw)
        except ValueError:
            warnings.append(f"Nieprawidłowa data „{raw[:20]}” – użyto domyślnej.")
            return fallback
        if value < EARLIEST:
            warnings.append(f"Data „{raw[:20]}” sprzed {EARLIEST.year} r. – użyto domyślnej.")
            return fallback
        return value

    start, end = read_date("od", default_start), read_date("do", default_end)
    if end > today:  # the date picker cannot show a later day
        warnings.append("Koniec okresu był w przyszłości – użyto dzisiejszej daty.")
        end = today
    if start > end:
        warnings.append("Początek okresu był po jego końcu – użyto domyślnego okresu.")
        start, end = default_start, default_end
    if (end - start).days > 3660:
        warnings.append("Okres dłuższy niż 10 lat – skrócono do ostatniego roku.")
        start = end - timedelta(days=364)
    codes = tuple(c for c in (params.get("dzialy") or "").split(",") if c)
    unknown = [c for c in codes if c not in known_codes]
    if unknown:
        warnings.append(
            "Pominięto nieznane lub niedostępne wydziały: " + ", ".join(u[:12] for u in unknown[:5]) + "."
        )
    codes = tuple(c for c in codes if c in known_codes)
    kind = None
    if params.get("rodzaj"):
        try:
            kind = Kind(params["rodzaj"])
        except ValueError:
            warnings.append("Nieznany rodzaj obserwacji – pokazano wszystkie.")
    version = params.get("wersja") or None
    if version and version not in versions:
        warnings.append("Nieznana wersja podręcznika – pokazano wszystkie.")
        version = None
    wanted = [c for c in (params.get("kanal") or "").split(",") if c]
    unknown = [c for c in wanted if c not in CHANNELS]
    if unknown:
        warnings.append("Pominięto nieznane kanały: " + ", ".join(u[:12] for u in unknown[:5]) + ".")
    channels = tuple(c for c in CHANNELS if c in wanted)
    return Filters(start, end, codes, kind, version, channels), warnings
