"""`jakosc` subcommands. The database is the app's: the PostgreSQL server of $JAKOSC_DATABASE_URL
when it is set, else the DuckDB file $JAKOSC_DB or data/jakosc.duckdb.

The commands that work on the database alone (init, user add and unlock, kiosk add, demo, stats)
are a parser default `work(db, args, out, err) -> exit code` that writes only to the two streams it
is given: sys.stdout and sys.stderr on the file, or, while the running app owns the file, text
buffers in the app (server.py's /internal/command), which sends back what they wrote and the code.
On PostgreSQL there is no file to own: every command works on the server directly, also while
app processes run.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TextIO

from accounts.roles import Role
from accounts.service import AccountError, create_account, unlock, unlocked_message
from checklists.loading import ChecklistError, load_checklists
from checklists.schema import Kind
from services import links
from services.organisation import InputError
from storage import departments, kiosks, maintenance
from storage.db import (
    Database,
    DatabaseLockedError,
    DatabaseUnavailableError,
    database_path,
    database_url,
    now,
    open_database,
)


def _open() -> Database:
    return open_database()


def init(db: Database, args, out: TextIO, err: TextIO) -> int:
    """The database is created or migrated by opening it; the checklists are checked here."""
    try:
        checklists = load_checklists()
    except ChecklistError as error:
        print(str(error), file=err)
        return 1
    print(
        f"Baza gotowa: {maintenance.location(db)} (podręcznik {checklists.version}, "
        f"{len(checklists.standards)} standardów).",
        file=out,
    )
    return 0


def user_add(db: Database, args, out: TextIO, err: TextIO) -> int:
    if not args.password_stdin or args.password is None:
        print("Podaj hasło na standardowym wejściu i użyj --password-stdin.", file=err)
        return 2
    department_ids = []
    for code in args.department or []:
        department = departments.get_by_code(db, code.upper())
        if department is None:
            print(f"Nie ma wydziału o kodzie {code}.", file=err)
            return 2
        department_ids.append(department["id"])
    try:
        create_account(
            db,
            login=args.login,
            password=args.password,
            role=args.role,
            display_name=args.name or args.login,
            actor="cli",
            department_ids=department_ids,
        )
    except AccountError as error:
        print(str(error), file=err)
        return 2
    print(f"Utworzono konto {args.login.lower()} ({args.role}).", file=out)
    return 0


def user_unlock(db: Database, args, out: TextIO, err: TextIO) -> int:
    """Let a login sign in again from every address."""
    if not args.login.strip():
        print("Podaj login konta do odblokowania.", file=err)
        return 2
    print(unlocked_message(args.login, unlock(db, args.login, "cli")), file=out)
    return 0


def demo(db: Database, args, out: TextIO, err: TextIO) -> int:
    from data.demo import generate

    try:
        summary = generate(
            db, months=args.months, ratings=args.ratings, observations=args.observations, seed=args.seed
        )
    except ValueError as error:
        print(str(error), file=err)
        return 2
    print(json.dumps(summary, ensure_ascii=False), file=out)
    return 0


def kiosk_add(db: Database, args, out: TextIO, err: TextIO) -> int:
    department_id = None
    if args.department:
        department = departments.get_by_code(db, args.department.upper())
        if department is None:
            print(f"Nie ma wydziału o kodzie {args.department}.", file=err)
            return 2
        department_id = department["id"]
    try:  # before registering: a kiosk whose address opens nowhere is not registered at all
        base = links.usable_base(db, args.base_url)
    except InputError as error:
        print(str(error), file=err)
        return 2
    _, token = kiosks.add_kiosk(db, args.name, department_id, "cli")
    print(links.kiosk_url(base, token), file=out)
    return 0


def stats(db: Database, args, out: TextIO, err: TextIO) -> int:
    counts = maintenance.row_counts(db)
    if args.json:
        print(json.dumps(counts, sort_keys=True), file=out)
    else:
        for table, count in counts.items():
            print(f"{table:32} {count:>10}", file=out)
    return 0


def database_command(argv: list[str], password: str | None) -> argparse.Namespace | None:
    """The parsed arguments of a command that works on the database alone (its `work`), which
    the running app may run for it; None for any other command."""
    args = parser().parse_args(argv)
    if not hasattr(args, "work"):
        return None
    args.password = password  # what `user add --password-stdin` read
    return args


def _on_database(argv: list[str], args: argparse.Namespace) -> int:
    """Run a database command on the file or, while the app owns the file, in the app."""
    password = sys.stdin.readline().rstrip("\r\n") if getattr(args, "password_stdin", False) else None
    args.password = password
    try:
        db = _open()
    except DatabaseLockedError:
        return _through_server("/internal/command", {"argv": argv, "password": password}, _command_done)
    try:
        return args.work(db, args, sys.stdout, sys.stderr)
    finally:
        db.close()


def _command_done(answer: dict) -> int:
    sys.stdout.write(answer["out"])
    sys.stderr.write(answer["err"])
    return answer["code"]


def _written(answer: dict) -> int:
    print(f"Zapisane przez działającą aplikację: {answer['written']}")
    return 0


RESTORE_WHILE_RUNNING = (
    "Nie można przywrócić kopii, gdy aplikacja działa: baza {path} jest otwarta przez aplikację "
    "(albo inne polecenie jakosc). Najpierw zatrzymaj aplikację (np. systemctl stop jakosc), potem "
    "uruchom jakosc restore ponownie i znów uruchom aplikację. Baza nie została zmieniona."
)


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
    finally:
        db.close()
    print(f"Kopia zapisana: {written}")
    return 0


def _through_server(path: str, payload: dict, answered: Callable[[dict], int] = _written) -> int:
    """The app is running and owns the file: ask it, on this machine, to do the work; `answered`
    shows its answer and gives the exit code."""
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
    except urllib.error.HTTPError as error:
        print(f"Aplikacja odmówiła: {error.read().decode(errors='replace')}", file=sys.stderr)
        return 2
    except OSError as error:
        print(
            f"Nie można połączyć się z aplikacją na porcie {port} ({error}). Ustaw JAKOSC_PORT.",
            file=sys.stderr,
        )
        return 1
    return answered(answer)


def cmd_restore(args) -> int:
    url = database_url()
    if url:
        return _restore_server(args, url)
    try:
        maintenance.restore(Path(args.file), database_path(), force=args.force)
    except (maintenance.RestoreRefused, FileNotFoundError) as error:
        print(str(error), file=sys.stderr)
        return 2
    except DatabaseLockedError:  # the app cannot go on with its file replaced under it
        print(RESTORE_WHILE_RUNNING.format(path=database_path()), file=sys.stderr)
        return 1
    print(f"Przywrócono {args.file} do {database_path()}.")
    return 0


def _restore_server(args, url: str) -> int:
    """pg_restore into the PostgreSQL database; refused while other processes use it unless --force."""
    from storage.postgres import safe_url

    try:
        saved = maintenance.restore_server(Path(args.file), url, force=args.force)
    except (maintenance.RestoreRefused, FileNotFoundError) as error:
        print(str(error), file=sys.stderr)
        return 2
    if saved is not None:
        print(f"Dotychczasowe dane zapisano w kopii {saved}.")
    print(f"Przywrócono {args.file} do {safe_url(url)}.")
    return 0


def cmd_move(args) -> int:
    """Move the whole database from one store to another (services.transfer) and say what was checked."""
    from analytics.summaries import tiles
    from services import transfer

    source_name, target_name = transfer.describe(args.z), transfer.describe(args.do)
    if source_name == target_name:
        print("Źródło (--z) i cel (--do) to ta sama baza.", file=sys.stderr)
        return 2
    if "://" not in args.z and not Path(args.z).is_file():
        print(f"Nie ma pliku bazy {source_name} (--z).", file=sys.stderr)
        return 2
    try:
        source = transfer.open_store(args.z)
        try:
            target = transfer.open_store(args.do)
            try:
                result = transfer.move(source, target, force=args.force)
            finally:
                target.close()
        finally:
            source.close()
    except transfer.MoveRefused as error:
        print(str(error), file=sys.stderr)
        return 2
    total = sum(result.rows.values())
    print(
        f"Przeniesiono bazę z {source_name} do {target_name}: {total} wierszy w {len(result.rows)} tabelach."
    )
    shown = "; ".join(f"{tile.label}: {tile.value}" for tile in tiles(result.figures))
    print(
        f"Sprawdzono: liczba wierszy każdej tabeli i wskaźniki pulpitu za okres {result.start.isoformat()} – "
        f"{result.end.isoformat()} (wszystkie wydziały) są w obu bazach takie same ({shown})."
    )
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
        work=init
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
    add.set_defaults(work=user_add)
    unlock_parser = user.add_parser("unlock", help="odblokuj logowanie na konto ze wszystkich adresów")
    unlock_parser.add_argument("--login", required=True)
    unlock_parser.set_defaults(work=user_unlock)

    demo_parser = commands.add_parser("demo", help="wypełnij bazę realistycznymi danymi demonstracyjnymi")
    demo_parser.add_argument("--months", type=int, default=12)
    demo_parser.add_argument("--ratings", type=int, default=20_000)
    demo_parser.add_argument("--observations", type=int, default=2_000)
    demo_parser.add_argument("--seed", type=int, default=2026)
    demo_parser.set_defaults(work=demo)

    kiosk = commands.add_parser("kiosk", help="kioski z ankietą").add_subparsers(
        dest="kiosk_command", required=True
    )
    kiosk_adder = kiosk.add_parser("add", help="zarejestruj kiosk i wypisz jego adres z tajnym kluczem")
    kiosk_adder.add_argument("--name", required=True)
    kiosk_adder.add_argument("--department", help="kod wydziału, do którego kiosk jest przypisany")
    kiosk_adder.add_argument(
        "--base-url",
        default=None,
        help="adres publiczny aplikacji (domyślnie $JAKOSC_PUBLIC_URL, a bez niej adres ustawiony w aplikacji); "
        "adres localhost jest odrzucany",
    )
    kiosk_adder.set_defaults(work=kiosk_add)

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

    move = commands.add_parser(
        "przenies",
        help="przenieś całą bazę między plikiem DuckDB a serwerem PostgreSQL i sprawdź liczby oraz wskaźniki",
    )
    move.add_argument(
        "--z", required=True, metavar="ŹRÓDŁO", help="plik bazy DuckDB albo adres postgresql://…"
    )
    move.add_argument("--do", required=True, metavar="CEL", help="plik bazy DuckDB albo adres postgresql://…")
    move.add_argument("--force", action="store_true", help="zastąp dane, które baza docelowa już zawiera")
    move.set_defaults(run=cmd_move)

    stats_parser = commands.add_parser("stats", help="liczba wierszy w tabelach")
    stats_parser.add_argument("--json", action="store_true")
    stats_parser.set_defaults(work=stats)
    return root


def main(argv: list[str] | None = None) -> int:
    # The database, its WAL, backups and exports: readable by this user only, whatever the umask.
    os.umask(0o077)
    # The pool's English retries of a refused connection: the command says it once, in Polish.
    logging.getLogger("psycopg.pool").setLevel(logging.ERROR)
    argv = sys.argv[1:] if argv is None else argv
    args = parser().parse_args(argv)
    try:
        return _on_database(argv, args) if hasattr(args, "work") else args.run(args)
    except (DatabaseLockedError, DatabaseUnavailableError, ChecklistError, maintenance.ToolFailed) as error:
        print(str(error), file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
