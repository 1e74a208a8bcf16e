"""The message catalogue: key -> {language: text}. Polish is required, others optional."""

MESSAGES: dict[str, dict[str, str]] = {
    # application shell
    "app.title": {"pl": "Jakość Obsługi", "en": "Service Quality"},
    "app.office": {"pl": "Starostwo Powiatowe w Grójcu", "en": "Grójec County Office"},
    "app.error": {
        "pl": "Wystąpił nieoczekiwany błąd. Dane zapisane wcześniej są bezpieczne. "
        "Odśwież stronę; jeśli błąd się powtarza, zgłoś go administratorowi (kod: {code}).",
        "en": "An unexpected error occurred. Data saved earlier is safe. "
        "Reload the page; if it happens again, tell the administrator (code: {code}).",
    },
    "app.db_locked": {
        "pl": "Nie można otworzyć bazy danych: {error}",
        "en": "The database cannot be opened: {error}",
    },
    "app.checklist_broken": {
        "pl": "Aplikacja nie wystartowała, bo plik listy kontrolnej jest błędny. {error}",
        "en": "The app did not start because a checklist file is invalid. {error}",
    },
    "app.forbidden": {
        "pl": "Ta strona nie jest dostępna dla Twojej roli.",
        "en": "This page is not available for your role.",
    },
    "app.logged_in_as": {"pl": "Zalogowano: {name} ({role})", "en": "Signed in: {name} ({role})"},
    "app.logout": {"pl": "Wyloguj", "en": "Sign out"},
    "app.session_expired": {
        "pl": "Sesja wygasła po okresie bezczynności. Zaloguj się ponownie.",
        "en": "Your session expired after a period of inactivity. Please sign in again.",
    },
    "nav.home": {"pl": "Start", "en": "Home"},
    "nav.account": {"pl": "Moje konto", "en": "My account"},
    "nav.observe": {"pl": "Obserwacja", "en": "Observation"},
    "nav.my_observations": {"pl": "Moje obserwacje", "en": "My observations"},
    "nav.admin_departments": {"pl": "Wydziały", "en": "Departments"},
    "nav.admin_employees": {"pl": "Pracownicy", "en": "Employees"},
    "nav.admin_accounts": {"pl": "Konta", "en": "Accounts"},
    "nav.admin_audit": {"pl": "Dziennik zmian", "en": "Audit log"},
    "nav.login": {"pl": "Logowanie", "en": "Sign in"},
    "nav.first_run": {"pl": "Pierwsze uruchomienie", "en": "First start"},
    "nav.section.work": {"pl": "Praca", "en": "Work"},
    "nav.section.admin": {"pl": "Administracja", "en": "Administration"},
    # login
    "login.title": {"pl": "Logowanie", "en": "Sign in"},
    "login.login": {"pl": "Login", "en": "Login"},
    "login.password": {"pl": "Hasło", "en": "Password"},
    "login.submit": {"pl": "Zaloguj się", "en": "Sign in"},
    "login.empty": {"pl": "Podaj login i hasło.", "en": "Enter your login and password."},
    "login.hint": {
        "pl": "Nie pamiętasz hasła? Poproś administratora o nowe hasło.",
        "en": "Forgot your password? Ask the administrator for a new one.",
    },
    # first run
    "first_run.title": {"pl": "Pierwsze uruchomienie", "en": "First start"},
    "first_run.intro": {
        "pl": "Baza danych nie ma jeszcze administratora. Utwórz konto administratora – "
        "aplikacja nie ma domyślnego hasła.",
        "en": "The database has no administrator yet. Create the administrator account – "
        "the app has no default password.",
    },
    "first_run.name": {"pl": "Imię i nazwisko", "en": "Full name"},
    "first_run.password_again": {"pl": "Powtórz hasło", "en": "Repeat password"},
    "first_run.mismatch": {"pl": "Hasła nie są takie same.", "en": "The passwords do not match."},
    "first_run.submit": {"pl": "Utwórz administratora", "en": "Create administrator"},
    "first_run.done": {
        "pl": "Administrator utworzony. Zaloguj się.",
        "en": "Administrator created. Please sign in.",
    },
    # home
    "home.title": {"pl": "Jakość Obsługi Klienta", "en": "Client Service Quality"},
    "home.handbook": {
        "pl": "Obowiązująca wersja podręcznika: {version} · {standards} standardów · {items} pozycji list kontrolnych",
        "en": "Current handbook version: {version} · {standards} standards · {items} checklist items",
    },
    "home.not_built": {
        "pl": "W przygotowaniu (jeszcze niedostępne): {parts}.",
        "en": "In preparation (not available yet): {parts}.",
    },
    "home.your_pages": {"pl": "Twoje ekrany:", "en": "Your screens:"},
    # account
    "account.title": {"pl": "Moje konto", "en": "My account"},
    "account.language": {"pl": "Język interfejsu", "en": "Interface language"},
    "account.change_password": {"pl": "Zmiana hasła", "en": "Change password"},
    "account.current_password": {"pl": "Obecne hasło", "en": "Current password"},
    "account.new_password": {"pl": "Nowe hasło", "en": "New password"},
    "account.save": {"pl": "Zapisz", "en": "Save"},
    "account.password_changed": {"pl": "Hasło zmienione.", "en": "Password changed."},
    "account.wrong_password": {
        "pl": "Obecne hasło jest nieprawidłowe.",
        "en": "The current password is wrong.",
    },
    "account.saved": {"pl": "Zapisano.", "en": "Saved."},
    # common
    "common.save": {"pl": "Zapisz", "en": "Save"},
    "common.add": {"pl": "Dodaj", "en": "Add"},
    "common.name": {"pl": "Nazwa", "en": "Name"},
    "common.code": {"pl": "Kod", "en": "Code"},
    "common.active": {"pl": "Aktywny", "en": "Active"},
    "common.department": {"pl": "Wydział", "en": "Department"},
    "common.departments": {"pl": "Wydziały", "en": "Departments"},
    "common.none": {"pl": "Brak danych.", "en": "No data."},
    "common.saved": {"pl": "Zapisano.", "en": "Saved."},
    "common.role": {"pl": "Rola", "en": "Role"},
    "common.employee": {"pl": "Pracownik", "en": "Employee"},
    "common.first_name": {"pl": "Imię", "en": "First name"},
    "common.last_name": {"pl": "Nazwisko", "en": "Last name"},
    "common.position": {"pl": "Stanowisko", "en": "Position"},
    "common.email": {"pl": "E-mail", "en": "E-mail"},
    "common.when": {"pl": "Kiedy", "en": "When"},
    "common.who": {"pl": "Kto", "en": "Who"},
    "common.action": {"pl": "Czynność", "en": "Action"},
    "common.object": {"pl": "Obiekt", "en": "Object"},
    "common.before": {"pl": "Przed", "en": "Before"},
    "common.after": {"pl": "Po", "en": "After"},
    "common.choose": {"pl": "Wybierz…", "en": "Choose…"},
    # administration
    "admin.departments.title": {"pl": "Wydziały (komórki organizacyjne)", "en": "Departments"},
    "admin.departments.add": {"pl": "Nowy wydział", "en": "New department"},
    "admin.departments.code_help": {
        "pl": "Krótki kod, np. KM (Wydział Komunikacji); widoczny w adresach QR.",
        "en": "A short code, e.g. KM; used in QR addresses.",
    },
    "admin.departments.edit": {"pl": "Zmień wydział", "en": "Edit department"},
    "admin.employees.title": {"pl": "Pracownicy", "en": "Employees"},
    "admin.employees.add": {"pl": "Nowy pracownik", "en": "New employee"},
    "admin.employees.import": {"pl": "Import z pliku .xlsx lub .csv", "en": "Import from .xlsx or .csv"},
    "admin.employees.import_help": {
        "pl": "Kolumny: imię, nazwisko, wydział (kod lub nazwa), stanowisko (opcjonalnie), e-mail (opcjonalnie).",
        "en": "Columns: first name, last name, department (code or name), position (optional), e-mail (optional).",
    },
    "admin.employees.import_run": {"pl": "Importuj", "en": "Import"},
    "admin.employees.imported": {
        "pl": "Dodano {added}, odrzucono {rejected} wierszy.",
        "en": "Added {added}, rejected {rejected} rows.",
    },
    "admin.employees.rejected": {"pl": "Wiersze odrzucone", "en": "Rejected rows"},
    "admin.employees.edit": {"pl": "Zmień dane pracownika", "en": "Edit employee"},
    "admin.employees.no_departments": {
        "pl": "Najpierw dodaj wydział na stronie Wydziały.",
        "en": "Add a department first on the Departments page.",
    },
    "admin.accounts.title": {"pl": "Konta użytkowników", "en": "User accounts"},
    "admin.accounts.add": {"pl": "Nowe konto", "en": "New account"},
    "admin.accounts.display_name": {"pl": "Imię i nazwisko", "en": "Full name"},
    "admin.accounts.scope": {
        "pl": "Wydziały przełożonego",
        "en": "Supervisor's departments",
    },
    "admin.accounts.employee_link": {
        "pl": "Powiązany pracownik (dla roli Pracownik)",
        "en": "Linked employee (for the Employee role)",
    },
    "admin.accounts.edit": {"pl": "Zmień konto", "en": "Edit account"},
    "admin.accounts.new_password": {
        "pl": "Nowe hasło (puste = bez zmiany)",
        "en": "New password (empty = unchanged)",
    },
    "admin.accounts.unlock": {"pl": "Odblokuj konto", "en": "Unlock account"},
    "admin.accounts.locked": {"pl": "zablokowane do {until}", "en": "locked until {until}"},
    "admin.accounts.last_admin": {
        "pl": "Nie można odebrać uprawnień ostatniemu aktywnemu administratorowi.",
        "en": "The last active administrator cannot lose the role.",
    },
    "admin.audit.title": {"pl": "Dziennik zmian", "en": "Audit log"},
}
