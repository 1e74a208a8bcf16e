"""`jakosc` subcommands. The database is $JAKOSC_DB or data/jakosc.duckdb, as for the app."""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.error
import urllib.request
from datetime import date
from pathlib import Path

from accounts.roles import Role
from accounts.service import AccountError, create_account, unlock, unlocked_message
from checklists.loading import ChecklistError, load_checklists
from checklists.schema import Kind
from services import links
from services.organisation import InputError
from storage import departments, kiosks, maintenance
from storage.db import Database, DatabaseLockedError, database_path, now


def _open() -> Database:
    return Database(database_path())


def cmd_init(_args) -> int:
    checklists = load_checklists()
    db = _open()
    print(
        f"Baza gotowa: {db.path} (podręcznik {checklists.version}, {len(checklists.standards)} standardów)."
    )
    return 0


def cmd_user_add(args) -> int:
    if not args.password_stdin:
        print("Podaj hasło na standardowym wejściu i użyj --password-stdin.", file=sys.stderr)
        return 2
    password = sys.stdin.readline().rstrip("\r\n")
    db = _open()
    department_ids = []
    for code in args.department or []:
        department = departments.get_by_code(db, code.upper())
        if department is None:
            print(f"Nie ma wydziału o kodzie {code}.", file=sys.stderr)
            return 2
        department_ids.append(department["id"])
    try:
        create_account(
            db,
            login=args.login,
            password=password,
            role=args.role,
            display_name=args.name or args.login,
            actor="cli",
            department_ids=department_ids,
        )
    except AccountError as error:
        print(str(error), file=sys.stderr)
        return 2
    print(f"Utworzono konto {args.login.lower()} ({args.role}).")
    return 0


def cmd_user_unlock(args) -> int:
    """Let a login sign in again from every address; while the app runs, the app does it."""
    try:
        db = _open()
    except DatabaseLockedError:
        return _through_server("/internal/unlock", {"login": args.login})
    print(unlocked_message(args.login, unlock(db, args.login, "cli")))
    return 0


def cmd_demo(args) -> int:
    from data.demo import generate

    try:
        summary = generate(
            _open(), months=args.months, ratings=args.ratings, observations=args.observations, seed=args.seed
        )
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def cmd_kiosk_add(args) -> int:
    db = _open()
    department_id = None
    if args.department:
        department = departments.get_by_code(db, args.department.upper())
        if department is None:
            print(f"Nie ma wydziału o kodzie {args.department}.", file=sys.stderr)
            return 2
        department_id = department["id"]
    try:  # before registering: a kiosk whose address opens nowhere is not registered at all
        base = links.usable_base(db, args.base_url)
    except InputError as error:
        print(str(error), file=sys.stderr)
        return 2
    _, token = kiosks.add_kiosk(db, args.name, department_id, "cli")
    print(links.kiosk_url(base, token))
    return 0


def cmd_backup(args) -> int:
    try:
        db = _open()
    except DatabaseLockedError:
        return _through_server("/internal/backup", {"out": str(Path(args.out).resolve()), "keep": args.keep})
    try:
        written = (
            maintenance.backup_rotating(db, Path(args.out), args.keep)
            if args.keep is not None
            else maintenance.backup(db, Path(args.out)) or Path(args.out)
        )
    except (FileExistsError, ValueError) as error:  # ValueError: --keep below 1, an unwritable folder
        print(str(error), file=sys.stderr)
        return 2
    print(f"Kopia zapisana: {written}")
    return 0


def _through_server(path: str, payload: dict) -> int:
    """The app is running and owns the file: ask it, on this machine, to do the work."""
    token_file = maintenance.backup_token_file(database_path())
    if not token_file.exists():
        print(
            "Baza jest otwarta przez inny proces, a serwer aplikacji nie przyjmuje zleceń.", file=sys.stderr
        )
        return 1
    port = os.environ.get("JAKOSC_PORT", "8501")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "X-Backup-Token": token_file.read_text().strip()},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=1800) as response:
            answer = json.loads(response.read())
            print(answer.get("message") or f"Zapisane przez działającą aplikację: {answer['written']}")
            return 0
    except urllib.error.HTTPError as error:
        print(f"Aplikacja odmówiła: {error.read().decode(errors='replace')}", file=sys.stderr)
        return 2
    except OSError as error:
        print(
            f"Nie można połączyć się z aplikacją na porcie {port} ({error}). Ustaw JAKOSC_PORT.",
            file=sys.stderr,
        )
    return 1


def cmd_restore(args) -> int:
    try:
        maintenance.restore(Path(args.file), database_path(), force=args.force)
    except (maintenance.RestoreRefused, FileNotFoundError) as error:
        print(str(error), file=sys.stderr)
        return 2
    print(f"Przywrócono {args.file} do {database_path()}.")
    return 0


def cmd_stats(args) -> int:
    counts = maintenance.row_counts(_open())
    if args.json:
        print(json.dumps(counts, sort_keys=True))
    else:
        for table, count in counts.items():
            print(f"{table:32} {count:>10}")
    return 0


def _period(args) -> tuple[date, date] | None:
    """--od and --do (by default the quarter up to today), or None after saying what is wrong."""
    from analytics.filters import preset

    dates = {}
    for name, raw in (("od", args.od), ("do", args.do)):
        try:
            dates[name] = date.fromisoformat(raw) if raw else None
        except ValueError:
            print(f"Nieprawidłowa data --{name} „{raw}” – podaj ją jako RRRR-MM-DD.", file=sys.stderr)
            return None
    end = dates["do"] or now().date()  # office time, as the stored data
    start = dates["od"] or preset("quarter", end)[0]
    if start > end:
        print("Początek okresu (--od) jest po jego końcu (--do).", file=sys.stderr)
        return None
    return start, end


def _missing_folder(out: Path) -> bool:
    """True, after saying so, when the folder `out` goes into does not exist."""
    if out.parent.is_dir():
        return False
    print(f"Nie ma katalogu {out.parent} – nie można zapisać {out.name}.", file=sys.stderr)
    return True


def cmd_export(args) -> int:
    """Management-level Excel workbook for scheduled reports (names only with --imiennie)."""
    from analytics.export import export_period

    period = _period(args)
    if period is None:
        return 2
    start, end = period
    try:
        kind = Kind(args.rodzaj) if args.rodzaj else None
    except ValueError:
        print(
            f"Nieznany rodzaj obserwacji „{args.rodzaj}” – dozwolone: {', '.join(k.value for k in Kind)}.",
            file=sys.stderr,
        )
        return 2
    out = Path(args.out).resolve()
    request = {
        "out": str(out),
        "od": start.isoformat(),
        "do": end.isoformat(),
        "dzialy": args.dzial or [],
        "rodzaj": kind.value if kind else None,
        "imiennie": args.imiennie,
    }
    try:
        db = _open()
    except DatabaseLockedError:
        return _through_server("/internal/export", request)
    if _missing_folder(out):
        return 2
    try:
        result = export_period(
            db,
            out,
            start=start,
            end=end,
            department_codes=args.dzial or [],
            kind=kind,
            with_names=args.imiennie,
            made_by="cli",
        )
    except ValueError as error:
        print(str(error), file=sys.stderr)
        return 2
    except OSError:
        print(maintenance.CannotWrite(out), file=sys.stderr)
        return 2
    rows = ", ".join(f"{sheet}: {count}" for sheet, count in result.rows.items())
    print(f"Zapisano {out} ({start.isoformat()} – {end.isoformat()}; {rows}).")
    for note in result.notes:
        print(note)
    return 0


def cmd_report(args) -> int:
    """The satisfaction report for a campaign or a period, as .pdf or .docx (from --out)."""
    from reports import publish
    from services.clock import now

    out = Path(args.out).resolve()
    try:
        publish.file_format(out)
    except publish.ReportRefused as error:
        print(str(error), file=sys.stderr)
        return 2
    if args.kampania and (args.od or args.do):
        print("Podaj albo --kampania (okres to daty kampanii), albo --od i --do.", file=sys.stderr)
        return 2
    start = end = None
    if not args.kampania:
        period = _period(args)
        if period is None:
            return 2
        start, end = period
    request = {
        "out": str(out),
        "od": start.isoformat() if start else None,
        "do": end.isoformat() if end else None,
        "kampania": args.kampania,
        "dzialy": args.dzial or [],
    }
    try:
        db = _open()
    except DatabaseLockedError:
        return _through_server("/internal/report", request)
    if _missing_folder(out):
        return 2
    try:
        wanted = publish.request_for(
            db, start=start, end=end, campaign=args.kampania, department_codes=args.dzial or []
        )
        publish.write_report(db, out, wanted, today=now().date(), made_by="cli")
    except publish.ReportRefused as error:
        print(str(error), file=sys.stderr)
        return 2
    except OSError:
        print(maintenance.CannotWrite(out), file=sys.stderr)
        return 2
    print(f"Zapisano {out} ({wanted.start.isoformat()} – {wanted.end.isoformat()}).")
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="jakosc", description="Jakość Obsługi – narzędzia administratora.")
    commands = root.add_subparsers(dest="command", required=True)

    commands.add_parser("init", help="utwórz lub zaktualizuj bazę i sprawdź listy kontrolne").set_defaults(
        run=cmd_init
    )

    user = commands.add_parser("user", help="konta użytkowników").add_subparsers(
        dest="user_command", required=True
    )
    add = user.add_parser("add", help="dodaj konto (hasło ze standardowego wejścia)")
    add.add_argument("--login", required=True)
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--department", action="append", help="kod wydziału (można powtórzyć)")
    add.add_argument("--name", help="imię i nazwisko")
    add.add_argument("--password-stdin", action="store_true")
    add.set_defaults(run=cmd_user_add)
    unlock_parser = user.add_parser("unlock", help="odblokuj logowanie na konto ze wszystkich adresów")
    unlock_parser.add_argument("--login", required=True)
    unlock_parser.set_defaults(run=cmd_user_unlock)

    demo = commands.add_parser("demo", help="wypełnij bazę realistycznymi danymi demonstracyjnymi")
    demo.add_argument("--months", type=int, default=12)
    demo.add_argument("--ratings", type=int, default=20_000)
    demo.add_argument("--observations", type=int, default=2_000)
    demo.add_argument("--seed", type=int, default=2026)
    demo.set_defaults(run=cmd_demo)

    kiosk = commands.add_parser("kiosk", help="kioski z ankietą").add_subparsers(
        dest="kiosk_command", required=True
    )
    kiosk_add = kiosk.add_parser("add", help="zarejestruj kiosk i wypisz jego adres z tajnym kluczem")
    kiosk_add.add_argument("--name", required=True)
    kiosk_add.add_argument("--department", help="kod wydziału, do którego kiosk jest przypisany")
    kiosk_add.add_argument(
        "--base-url",
        default=None,
        help="adres publiczny aplikacji (domyślnie $JAKOSC_PUBLIC_URL, a bez niej adres ustawiony w aplikacji); "
        "adres localhost jest odrzucany",
    )
    kiosk_add.set_defaults(run=cmd_kiosk_add)

    backup = commands.add_parser("backup", help="zapisz kopię bazy do jednego pliku")
    backup.add_argument(
        "--out",
        required=True,
        help="plik kopii albo, z --keep, katalog kopii (gdy aplikacja działa: w katalogu JAKOSC_BACKUP_DIR)",
    )
    backup.add_argument(
        "--keep", type=int, default=None, help="kopie datowane w katalogu --out; zachowaj N najnowszych"
    )
    backup.set_defaults(run=cmd_backup)

    restore = commands.add_parser("restore", help="przywróć bazę z kopii")
    restore.add_argument("file")
    restore.add_argument("--force", action="store_true", help="zastąp bazę, która zawiera dane")
    restore.set_defaults(run=cmd_restore)

    export = commands.add_parser("export", help="zapisz raport Excela (.xlsx) dla kierownictwa")
    export.add_argument(
        "--out",
        required=True,
        help="plik .xlsx, zastępowany, gdy istnieje (gdy aplikacja działa: w katalogu JAKOSC_EXPORT_DIR)",
    )
    export.add_argument("--od", help="początek okresu RRRR-MM-DD (domyślnie kwartał: 91 dni do --do)")
    export.add_argument("--do", help="koniec okresu RRRR-MM-DD, włącznie (domyślnie dziś)")
    export.add_argument("--dzial", nargs="+", action="extend", metavar="KOD", help="kody wydziałów")
    export.add_argument("--rodzaj", help="rodzaj obserwacji: in_person, phone albo premises")
    export.add_argument("--imiennie", action="store_true", help="z nazwiskami pracowników")
    export.set_defaults(run=cmd_export)

    report = commands.add_parser("raport", help="zapisz raport z badania satysfakcji (.pdf albo .docx)")
    report.add_argument(
        "--out",
        required=True,
        help="plik .pdf (do publikacji) albo .docx (do edycji), zastępowany, gdy istnieje "
        "(gdy aplikacja działa: w katalogu JAKOSC_EXPORT_DIR)",
    )
    report.add_argument("--od", help="początek okresu RRRR-MM-DD (domyślnie kwartał: 91 dni do --do)")
    report.add_argument("--do", help="koniec okresu RRRR-MM-DD, włącznie (domyślnie dziś)")
    report.add_argument(
        "--kampania", metavar="NAZWA|ID", help="kampania badania: jej daty zamiast --od i --do"
    )
    report.add_argument("--dzial", nargs="+", action="extend", metavar="KOD", help="kody wydziałów")
    report.set_defaults(run=cmd_report)

    stats = commands.add_parser("stats", help="liczba wierszy w tabelach")
    stats.add_argument("--json", action="store_true")
    stats.set_defaults(run=cmd_stats)
    return root


def main(argv: list[str] | None = None) -> int:
    # The database, its WAL, backups and exports: readable by this user only, whatever the umask.
    os.umask(0o077)
    args = parser().parse_args(argv)
    try:
        return args.run(args)
    except (DatabaseLockedError, ChecklistError) as error:
        print(str(error), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
