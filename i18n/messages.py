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
    # the database out of reach while the app runs (issue 17): ui/outage.py, the client form too (uk)
    "app.db_unavailable": {
        "pl": "Baza danych jest chwilowo niedostępna. Spróbuj ponownie za chwilę: nic z tego, co zapisano "
        "wcześniej, nie zginęło, a to, co wpisano w formularzu, zostanie w nim.",
        "en": "The database is unavailable for a moment. Try again shortly: nothing saved earlier is lost, "
        "and what you entered in the form stays there.",
        "uk": "База даних тимчасово недоступна. Спробуйте ще раз за хвилину: нічого зі збереженого раніше "
        "не втрачено, а введене у формі залишиться в ній.",
    },
    "app.db_unavailable.retry": {"pl": "Spróbuj ponownie", "en": "Try again", "uk": "Спробувати ще раз"},
    "survey.error.unavailable": {
        "pl": "Nie udało się teraz zapisać: baza danych jest chwilowo niedostępna. Twoje odpowiedzi są "
        "nadal na ekranie – wyślij je ponownie za chwilę.",
        "en": "This could not be saved just now: the database is unavailable for a moment. Your answers "
        "are still on the screen – please send them again shortly.",
        "uk": "Зараз не вдалося зберегти: база даних тимчасово недоступна. Ваші відповіді залишилися "
        "на екрані – надішліть їх ще раз за хвилину.",
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
    "nav.section.admin": {"pl": "Administracja", "en": "Administration"},
    "nav.section.team": {"pl": "Zespół", "en": "Team"},
    "nav.section.survey": {"pl": "Ankiety", "en": "Surveys"},
    "nav.section.improve": {"pl": "Doskonalenie", "en": "Improvement"},
    # --- app shell (issue 13): the menu bar ---
    "nav.menu": {"pl": "Menu", "en": "Menu"},
    # Streamlit's built-in English texts, replaced by ui/style.py.
    "ui.upload": {"pl": "Wybierz plik", "en": "Choose a file"},
    "ui.upload_drop": {"pl": "lub przeciągnij go tutaj", "en": "or drag it here"},
    "ui.select_all": {"pl": "Zaznacz wszystkie", "en": "Select all"},
    "ui.select_matches": {"pl": "Zaznacz wszystkie pasujące", "en": "Select all matches"},
    "ui.no_results": {"pl": "Brak wyników", "en": "No results", "uk": "Немає результатів"},
    "ui.skip_to_content": {
        "pl": "Przejdź do treści strony",
        "en": "Skip to main content",
        "uk": "Перейти до змісту сторінки",
    },
    "account.language_saved": {
        "pl": "Zapisano język interfejsu: polski.",
        "en": "Interface language saved: English.",
    },
    "ack.paper_saved": {
        "pl": "Zapisano potwierdzenie z formularza papierowego: {name}.",
        "en": "Paper acknowledgement recorded: {name}.",
    },
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
        "pl": "Obowiązująca wersja podręcznika: {version} · {standards} · {items} list kontrolnych",
        "en": "Current handbook version: {version} · {standards} · {items} in the checklists",
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
        "pl": "Obecne hasło jest nieprawidłowe. Po kilku nieudanych próbach zmiana hasła z tego komputera "
        "jest wstrzymana na 15 minut.",
        "en": "The current password is wrong. After a few failed tries, changing the password from this "
        "computer is paused for 15 minutes.",
    },
    "account.saved": {"pl": "Zapisano.", "en": "Saved."},
    # common
    "common.save": {"pl": "Zapisz", "en": "Save"},
    "common.comment": {"pl": "Komentarz", "en": "Comment"},
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
        "pl": "Kolumny: imię, nazwisko, wydział (kod lub nazwa), stanowisko (opcjonalnie), e-mail (opcjonalnie). "
        "Pierwszy arkusz, nagłówki w pierwszym wierszu; najwyżej {rows} wierszy i {megabytes} MB.",
        "en": "Columns: first name, last name, department (code or name), position (optional), e-mail (optional). "
        "First sheet, headers in the first row; at most {rows} rows and {megabytes} MB.",
    },
    "admin.employees.import_run": {"pl": "Importuj", "en": "Import"},
    "admin.employees.imported": {
        "pl": "Dodano {added}, odrzucono {rejected}.",  # counts with their noun: format_count(n, "row")
        "en": "Added {added}, rejected {rejected}.",
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
    "admin.accounts.locked": {
        "pl": "logowanie wstrzymane dla niektórych adresów",
        "en": "sign-in paused for some addresses",
    },
    "admin.accounts.unlock": {"pl": "Odblokuj logowanie", "en": "Unlock sign-in"},
    "admin.accounts.last_admin": {
        "pl": "Nie można odebrać uprawnień ostatniemu aktywnemu administratorowi.",
        "en": "The last active administrator cannot lose the role.",
    },
    "admin.audit.title": {"pl": "Dziennik zmian", "en": "Audit log"},
    # observation (supervisor, tablet)
    "observe.title": {"pl": "Obserwacja obsługi", "en": "Service observation"},
    "observe.drafts": {"pl": "Niedokończone obserwacje", "en": "Unfinished observations"},
    "observe.new": {"pl": "Nowa obserwacja", "en": "New observation"},
    "observe.no_departments": {
        "pl": "Nie masz przypisanych wydziałów. Poproś administratora o przypisanie.",
        "en": "You have no departments assigned. Ask the administrator.",
    },
    "observe.no_employees": {
        "pl": "W tym wydziale nie ma aktywnych pracowników.",
        "en": "This department has no active employees.",
    },
    "observe.kind": {"pl": "Rodzaj obserwacji", "en": "Kind of observation"},
    "observe.employee_placeholder": {"pl": "Wpisz nazwisko lub wybierz…", "en": "Type a name or choose…"},
    "observe.modules": {"pl": "Trudne sytuacje w tej wizycie", "en": "Difficult situations in this visit"},
    "observe.modules_help": {
        "pl": "Zaznacz tylko sytuacje, które wystąpiły – każda dodaje swoją listę pozycji.",
        "en": "Mark only situations that happened – each adds its own items.",
    },
    "observe.date": {"pl": "Data", "en": "Date"},
    "observe.time": {"pl": "Godzina", "en": "Time"},
    "observe.calibration": {
        "pl": "Obserwacja kalibracyjna (ta sama wizyta co inny przełożony)",
        "en": "Calibration (the same visit as another supervisor)",
    },
    "observe.calibration_help": {
        "pl": "Obie obserwacje są niezależne: żaden z przełożonych nie widzi odpowiedzi drugiego, "
        "dopóki obaj nie wyślą swoich.",
        "en": "Both observations are independent: neither supervisor sees the other's answers until both are sent.",
    },
    "observe.calibration_partner": {
        "pl": "Obserwacja drugiego przełożonego",
        "en": "The other supervisor's observation",
    },
    "observe.calibration_none": {"pl": "— zwykła obserwacja —", "en": "— ordinary observation —"},
    "observe.start": {"pl": "Rozpocznij obserwację", "en": "Start observation"},
    "observe.employee_not_in_scope": {
        "pl": "Ten pracownik nie należy do Twoich wydziałów.",
        "en": "This employee is not in your departments.",
    },
    "observe.back_to_start": {"pl": "Wróć do początku", "en": "Back to start"},
    "observe.not_editable": {
        "pl": "Minął czas na zmiany tej obserwacji.",
        "en": "The time for changing this observation has passed.",
    },
    "observe.editing_sent": {
        "pl": "Zmieniasz wysłaną obserwację: każda zmiana jest zapisywana w dzienniku zmian.",
        "en": "You are changing a sent observation: every change is recorded in the audit log.",
    },
    "observe.progress": {"pl": "Odpowiedzi: {answered} z {total}", "en": "Answered: {answered} of {total}"},
    "observe.standard": {"pl": "Standard", "en": "Standard"},
    "observe.summary": {"pl": "Podsumowanie i wysłanie", "en": "Summary and send"},
    "observe.previous": {"pl": "Wstecz", "en": "Back"},
    "observe.next": {"pl": "Dalej", "en": "Next"},
    "observe.answer.met": {"pl": "Tak", "en": "Yes"},
    "observe.answer.not_met": {"pl": "Nie", "en": "No"},
    "observe.answer.na": {"pl": "Nie dotyczy", "en": "N/A"},
    "observe.answer.not_observed": {"pl": "Nie zaobserwowano", "en": "Not observed"},
    "observe.critical_marker": {"pl": "(krytyczne)", "en": "(critical)"},
    "observe.comment": {"pl": "Komentarz (opcjonalnie)", "en": "Comment (optional)"},
    "observe.comment_required": {
        "pl": "Komentarz – wymagany przy naruszeniu krytycznym",
        "en": "Comment – required for a critical breach",
    },
    "observe.hint": {"pl": "Wskazówka", "en": "Hint"},
    "observe.score": {"pl": "Wynik", "en": "Score"},
    "observe.overall": {"pl": "Wynik ogólny", "en": "Overall score"},
    "observe.critical_breaches": {
        "pl": "Naruszenia krytyczne (obserwacja niezaliczona niezależnie od wyniku): {items}",
        "en": "Critical breaches (the observation fails whatever the score): {items}",
    },
    "observe.not_acknowledged": {
        "pl": "Pracownik nie potwierdził zapoznania się z obowiązującą wersją podręcznika.",
        "en": "The employee has not acknowledged the current handbook version.",
    },
    # issue 13: drafts, answering the rest of a standard together
    "observe.resume": {"pl": "Wznów", "en": "Resume"},
    "observe.delete_draft": {"pl": "Usuń", "en": "Delete"},
    "observe.delete_draft_question": {
        "pl": "Usunąć ten szkic? Podaj powód – zostanie zapisany w dzienniku zmian.",
        "en": "Delete this draft? Give the reason – it is recorded in the audit log.",
    },
    "observe.delete_reason_placeholder": {
        "pl": "np. pomyłka – nie ten pracownik",
        "en": "e.g. a mistake – the wrong employee",
    },
    "observe.draft_deleted": {"pl": "Szkic obserwacji usunięty.", "en": "Draft observation deleted."},
    "observe.step_placeholder": {"pl": "Wybierz standard", "en": "Choose a standard"},
    "observe.comment_placeholder": {"pl": "Wpisz komentarz i naciśnij Enter", "en": "Type and press Enter"},
    "observe.set_together_marker": {"pl": "zbiorczo", "en": "set together"},
    "observe.set_together_note": {
        "pl": "Ustawione jednym przyciskiem (oznaczone „zbiorczo”): {items}.",
        "en": "Set with one button (marked “set together”): {items}.",
    },
    "observe.rest_met": {"pl": "Pozostałe: „Tak” ({items})", "en": "The rest: “Yes” ({items})"},
    "observe.rest_not_observed": {
        "pl": "Pozostałe: „Nie zaobserwowano” ({items})",
        "en": "The rest: “Not observed” ({items})",
    },
    "observe.notes_good": {"pl": "Co poszło dobrze", "en": "What went well"},
    "observe.notes_improve": {"pl": "Co poprawić", "en": "What to improve"},
    "observe.send": {"pl": "Wyślij obserwację", "en": "Send observation"},
    "observe.sent": {"pl": "Obserwacja wysłana.", "en": "Observation sent."},
    "observe.finish_edit": {"pl": "Zakończ zmiany", "en": "Finish editing"},
    "observe.discard": {"pl": "Porzuć tę obserwację", "en": "Discard this observation"},
    "observe.discard_confirm": {"pl": "Tak, usuń szkic", "en": "Yes, delete the draft"},
    "observe.edit": {"pl": "Zmień odpowiedzi", "en": "Change answers"},
    # my observations
    "mine.title": {"pl": "Moje obserwacje", "en": "My observations"},
    "mine.period": {"pl": "Okres", "en": "Period"},
    "mine.all": {"pl": "Wszystkie", "en": "All"},
    "mine.critical": {"pl": "Naruszenia krytyczne", "en": "Critical breaches"},
    "mine.open": {"pl": "Otwórz obserwację", "en": "Open observation"},
    "mine.answers": {"pl": "Odpowiedzi", "en": "Answers"},
    "mine.item": {"pl": "Pozycja", "en": "Item"},
    "mine.answer": {"pl": "Odpowiedź", "en": "Answer"},
    "mine.locked": {
        "pl": "Minął czas na zmiany – obserwacja jest zamknięta.",
        "en": "The time for changes has passed – the observation is closed.",
    },
    "mine.delete": {"pl": "Usuń", "en": "Delete"},
    "mine.delete_reason": {"pl": "Powód usunięcia (wymagany)", "en": "Reason for deletion (required)"},
    "mine.delete_confirm": {"pl": "Usuń obserwację", "en": "Delete observation"},
    "mine.deleted": {"pl": "Obserwacja usunięta.", "en": "Observation deleted."},
    "mine.comment": {"pl": "Komentarz", "en": "Comment"},
    "mine.calibration_waiting": {
        "pl": "Obserwacja kalibracyjna: porównanie pojawi się, gdy obaj przełożeni wyślą swoje obserwacje.",
        "en": "Calibration: the comparison appears when both supervisors have sent their observations.",
    },
    "mine.calibration_result": {
        "pl": "Kalibracja z: {name} – zgodne odpowiedzi {agree} z {total} ({share}).",
        "en": "Calibration with {name} – matching answers {agree} of {total} ({share}).",
    },
    # client satisfaction form (kiosk and QR): Polish, English, Ukrainian
    "survey.page_title": {"pl": "Ankieta", "en": "Survey", "uk": "Опитування"},
    "survey.inactive_title": {"pl": "Kiosk nieaktywny", "en": "Kiosk inactive", "uk": "Кіоск неактивний"},
    "survey.inactive_body": {
        "pl": "To urządzenie nie zbiera obecnie ocen. Przepraszamy.",
        "en": "This device is not collecting ratings at the moment. We apologise.",
        "uk": "Цей пристрій зараз не збирає оцінок. Вибачте.",
    },
    "survey.title": {
        "pl": "Jak oceniasz dzisiejszą wizytę w Starostwie?",
        "en": "How would you rate your visit to the County Office today?",
        "uk": "Як ви оцінюєте сьогоднішній візит до Повітового староства?",
    },
    "survey.intro": {
        "pl": "Ankieta jest anonimowa i zajmie mniej niż pół minuty. Wybierz ocenę:",
        "en": "The survey is anonymous and takes less than half a minute. Choose a rating:",
        "uk": "Опитування анонімне і займе менше пів хвилини. Оберіть оцінку:",
    },
    "survey.scale.5": {"pl": "bardzo dobrze", "en": "very good", "uk": "дуже добре"},
    "survey.scale.4": {"pl": "dobrze", "en": "good", "uk": "добре"},
    "survey.scale.3": {"pl": "średnio", "en": "average", "uk": "посередньо"},
    "survey.scale.2": {"pl": "źle", "en": "poor", "uk": "погано"},
    "survey.scale.1": {"pl": "bardzo źle", "en": "very poor", "uk": "дуже погано"},
    "survey.details_title": {
        "pl": "Dziękujemy, ocena zapisana",
        "en": "Thank you, your rating is saved",
        "uk": "Дякуємо, оцінку збережено",
    },
    "survey.overall_chosen": {
        "pl": "Zapisaliśmy Twoją ocenę: {value} – {label}. Możesz już odejść albo dodać kilka szczegółów.",
        "en": "We have saved your rating: {value} – {label}. You may leave now or add a few details.",
        "uk": "Ми зберегли вашу оцінку: {value} – {label}. Можете вже йти або додати кілька деталей.",
    },
    "survey.overall_saved_change": {
        "pl": "Zapisana ocena: {value} – {label}. Dotknij innej, aby ją zmienić.",
        "en": "Saved rating: {value} – {label}. Tap another one to change it.",
        "uk": "Збережена оцінка: {value} – {label}. Торкніться іншої, щоб її змінити.",
    },
    "survey.change_overall": {
        "pl": "Zmień ocenę ogólną",
        "en": "Change the overall rating",
        "uk": "Змінити загальну оцінку",
    },
    "survey.skip_hint": {
        "pl": "Oceń od 1 (bardzo źle) do 5 (bardzo dobrze). Każde pytanie możesz pominąć.",
        "en": "Rate from 1 (very poor) to 5 (very good). You may skip any question.",
        "uk": "Оцініть від 1 (дуже погано) до 5 (дуже добре). Будь-яке питання можна пропустити.",
    },
    "survey.criterion.rating_time": {
        "pl": "Czas załatwienia sprawy",
        "en": "Time taken to deal with your matter",
        "uk": "Час вирішення справи",
    },
    "survey.criterion.rating_manner": {
        "pl": "Sposób obsługi",
        "en": "The manner of service",
        "uk": "Спосіб обслуговування",
    },
    "survey.criterion.rating_conditions": {
        "pl": "Warunki obsługi (miejsce, wygoda)",
        "en": "Conditions of service (place, comfort)",
        "uk": "Умови обслуговування (місце, зручність)",
    },
    "survey.criterion.rating_forms": {
        "pl": "Dostępność druków i formularzy",
        "en": "Availability of forms",
        "uk": "Доступність бланків і формулярів",
    },
    "survey.criterion.rating_information": {
        "pl": "Pełna informacja o sprawie",
        "en": "Complete information about your matter",
        "uk": "Повна інформація щодо справи",
    },
    "survey.settled": {
        "pl": "Czy Twoja sprawa została dziś załatwiona?",
        "en": "Was your matter settled today?",
        "uk": "Чи вашу справу вирішено сьогодні?",
    },
    "survey.settled.yes": {"pl": "Tak", "en": "Yes", "uk": "Так"},
    "survey.settled.partly": {"pl": "Częściowo", "en": "Partly", "uk": "Частково"},
    "survey.settled.no": {"pl": "Nie", "en": "No", "uk": "Ні"},
    "survey.department": {
        "pl": "Który wydział odwiedziłeś/aś?",
        "en": "Which department did you visit?",
        "uk": "Який відділ ви відвідали?",
    },
    "survey.comment": {
        "pl": "Komentarz (opcjonalnie)",
        "en": "Comment (optional)",
        "uk": "Коментар (необов'язково)",
    },
    "survey.comment_help": {
        "pl": "Nie wpisuj danych osobowych: numery PESEL, telefonów i adresy e-mail usuwamy przed zapisaniem.",
        "en": "Please do not enter personal data: PESEL numbers, phone numbers and e-mail addresses are removed before saving.",
        "uk": "Не вводьте персональні дані: номери PESEL, телефонів та адреси e-mail видаляються перед збереженням.",
    },
    "survey.send": {"pl": "Wyślij ocenę", "en": "Send rating", "uk": "Надіслати оцінку"},
    "survey.thanks_title": {
        "pl": "Dziękujemy za ocenę!",
        "en": "Thank you for your rating!",
        "uk": "Дякуємо за оцінку!",
    },
    "survey.thanks_body": {
        "pl": "Twoja opinia pomaga nam lepiej obsługiwać Klientów. Za chwilę formularz wróci do początku.",
        "en": "Your opinion helps us serve clients better. The form will return to the start in a moment.",
        "uk": "Ваша думка допомагає нам краще обслуговувати клієнтів. Незабаром форма повернеться на початок.",
    },
    "survey.again": {"pl": "Nowa ocena", "en": "New rating", "uk": "Нова оцінка"},
    "survey.idle_warning": {
        "pl": "Czy nadal wypełniasz ankietę? Za {seconds} s formularz zostanie wyczyszczony.",
        "en": "Are you still filling in the survey? The form will be cleared in {seconds} s.",
        "uk": "Ви ще заповнюєте опитування? Через {seconds} с форму буде очищено.",
    },
    "survey.idle_continue": {"pl": "Kontynuuj", "en": "Continue", "uk": "Продовжити"},
    "survey.error.comment_too_long": {
        "pl": "Komentarz jest za długi (najwyżej 500 znaków).",
        "en": "The comment is too long (500 characters at most).",
        "uk": "Коментар задовгий (щонайбільше 500 символів).",
    },
    "survey.error.overall_missing": {
        "pl": "Wybierz ocenę ogólną.",
        "en": "Choose an overall rating.",
        "uk": "Оберіть загальну оцінку.",
    },
    "survey.error.invalid": {
        "pl": "Nie udało się zapisać oceny. Spróbuj ponownie.",
        "en": "The rating could not be saved. Please try again.",
        "uk": "Не вдалося зберегти оцінку. Спробуйте ще раз.",
    },
    # --- client cases (issue 15 item 5): the client form's reply request (pl, en, uk), the staff page
    "survey.reply.open": {
        "pl": "Chcę otrzymać odpowiedź",
        "en": "I would like a reply",
        "uk": "Я хочу отримати відповідь",
    },
    "survey.reply.title": {"pl": "Prośba o odpowiedź", "en": "Request a reply", "uk": "Запит на відповідь"},
    "survey.reply.intro": {
        "pl": "Napisz, o co chcesz zapytać albo co zgłosić. Odpowie kierownik wydziału, najpóźniej w ciągu "
        "{days} dni. Twoja ocena pozostaje anonimowa: prośby nie łączymy z oceną.",
        "en": "Write what you would like to ask or report. The head of the department will reply within "
        "{days} days at the latest. Your rating stays anonymous: the request is not linked to it.",
        "uk": "Напишіть, про що хочете запитати або що повідомити. Керівник відділу відповість не пізніше "
        "ніж за {days} днів. Ваша оцінка залишається анонімною: запит не пов'язаний з оцінкою.",
    },
    "survey.reply.request": {
        "pl": "O co pytasz? (wymagane)",
        "en": "What is your question? (required)",
        "uk": "Про що ви запитуєте? (обов'язково)",
    },
    "survey.reply.name": {
        "pl": "Imię i nazwisko (opcjonalnie)",
        "en": "Name (optional)",
        "uk": "Ім'я та прізвище (необов'язково)",
    },
    "survey.reply.email": {"pl": "E-mail", "en": "E-mail", "uk": "E-mail"},
    "survey.reply.phone": {"pl": "Telefon", "en": "Phone", "uk": "Телефон"},
    "survey.reply.contact_hint": {
        "pl": "Podaj e-mail lub numer telefonu – przynajmniej jedno.",
        "en": "Give an e-mail address or a phone number – at least one of them.",
        "uk": "Вкажіть e-mail або номер телефону – щонайменше одне.",
    },
    "survey.reply.consent_text": {
        "pl": "Administratorem Twoich danych osobowych jest Starostwo Powiatowe w Grójcu. Imię i nazwisko, "
        "e-mail i telefon przetwarzamy wyłącznie po to, żeby odpowiedzieć na Twoją prośbę, na podstawie Twojej "
        "zgody (art. 6 ust. 1 lit. a RODO). Podanie danych jest dobrowolne. Usuwamy je {days} dni po zamknięciu "
        "sprawy. Zgodę możesz w każdej chwili wycofać; masz prawo dostępu do swoich danych, ich sprostowania i "
        "usunięcia oraz prawo skargi do Prezesa Urzędu Ochrony Danych Osobowych. Z inspektorem ochrony danych "
        "skontaktujesz się przez sekretariat Starostwa Powiatowego w Grójcu.",
        "en": "The controller of your personal data is Starostwo Powiatowe w Grójcu (the County Office in Grójec). "
        "We process your name, e-mail and phone only to reply to your request, on the basis of your consent "
        "(Art. 6(1)(a) GDPR). Giving them is voluntary. We delete them {days} days after the case is closed. You "
        "may withdraw your consent at any time; you have the right to access, correct and delete your data and to "
        "complain to the President of the Personal Data Protection Office. You can contact the data protection "
        "officer through the secretariat of Starostwo Powiatowe w Grójcu.",
        "uk": "Адміністратором ваших персональних даних є Starostwo Powiatowe w Grójcu (Повітове староство в "
        "Груйці). Ім'я, e-mail і телефон ми обробляємо лише для того, щоб відповісти на ваш запит, на підставі "
        "вашої згоди (ст. 6 ч. 1 п. a GDPR). Надання даних є добровільним. Ми видаляємо їх через {days} днів після "
        "закриття справи. Ви можете будь-коли відкликати згоду; маєте право на доступ до своїх даних, їх "
        "виправлення та видалення, а також право подати скаргу Голові Управління захисту персональних даних. З "
        "інспектором захисту даних можна зв'язатися через секретаріат Starostwo Powiatowe w Grójcu.",
    },
    "survey.reply.consent": {
        "pl": "Zgadzam się na przetwarzanie moich danych w celu udzielenia mi odpowiedzi.",
        "en": "I consent to the processing of my data to receive a reply.",
        "uk": "Я погоджуюся на обробку моїх даних для отримання відповіді.",
    },
    "survey.reply.send": {"pl": "Wyślij prośbę", "en": "Send the request", "uk": "Надіслати запит"},
    "survey.reply.cancel": {"pl": "Rezygnuję", "en": "Cancel", "uk": "Скасувати"},
    "survey.reply.sent_title": {
        "pl": "Przyjęliśmy Twoją prośbę",
        "en": "We have received your request",
        "uk": "Ми отримали ваш запит",
    },
    "survey.reply.sent_body": {
        "pl": "Odpowiemy najpóźniej do {due}. Za chwilę formularz wróci do początku.",
        "en": "We will reply by {due} at the latest. The form will return to the start in a moment.",
        "uk": "Ми відповімо не пізніше {due}. Незабаром форма повернеться на початок.",
    },
    "survey.reply.error.invalid": {
        "pl": "Nie udało się wysłać prośby. Spróbuj ponownie.",
        "en": "The request could not be sent. Please try again.",
        "uk": "Не вдалося надіслати запит. Спробуйте ще раз.",
    },
    "survey.reply.error.request_missing": {
        "pl": "Napisz, czego dotyczy sprawa.",
        "en": "Say what the request is about.",
        "uk": "Напишіть, чого стосується справа.",
    },
    "survey.reply.error.request_too_long": {
        "pl": "Opis sprawy jest za długi (najwyżej {limit} znaków).",
        "en": "The description is too long ({limit} characters at most).",
        "uk": "Опис справи задовгий (щонайбільше {limit} символів).",
    },
    "survey.reply.error.name_too_long": {
        "pl": "Imię i nazwisko jest za długie (najwyżej {limit} znaków).",
        "en": "The name is too long ({limit} characters at most).",
        "uk": "Ім'я та прізвище задовгі (щонайбільше {limit} символів).",
    },
    "survey.reply.error.contact_missing": {
        "pl": "Podaj e-mail lub numer telefonu, żebyśmy mogli odpowiedzieć.",
        "en": "Give an e-mail address or a phone number so that we can reply.",
        "uk": "Вкажіть e-mail або номер телефону, щоб ми могли відповісти.",
    },
    "survey.reply.error.email_invalid": {
        "pl": "Adres e-mail jest niepoprawny: sprawdź znak @ i pełną nazwę domeny po nim.",
        "en": "The e-mail address is not valid: check the @ sign and the full domain name after it.",
        "uk": "Адреса e-mail неправильна: перевірте знак @ і повну назву домену після нього.",
    },
    "survey.reply.error.phone_invalid": {
        "pl": "Numer telefonu jest niepoprawny: podaj 9 cyfr albo numer z kierunkowym kraju, np. +48 600 700 800.",
        "en": "The phone number is not valid: give 9 digits or a number with its country code, e.g. +48 600 700 800.",
        "uk": "Номер телефону неправильний: вкажіть 9 цифр або номер з кодом країни, напр. +48 600 700 800.",
    },
    "survey.reply.error.consent_missing": {
        "pl": "Zaznacz zgodę na przetwarzanie danych – bez niej nie możemy odpowiedzieć.",
        "en": "Tick the consent to the processing of your data – we cannot reply without it.",
        "uk": "Позначте згоду на обробку даних – без неї ми не можемо відповісти.",
    },
    "survey.reply.error.too_many": {
        "pl": "Z tego urządzenia wysłano już kilka próśb. Spróbuj ponownie za godzinę albo zapytaj w wydziale.",
        "en": "Several requests have already been sent from this device. Try again in an hour or ask at the office.",
        "uk": "З цього пристрою вже надіслано кілька запитів. Спробуйте через годину або запитайте у відділі.",
    },
    "nav.client_cases": {"pl": "Sprawy klientów", "en": "Client cases"},
    "cases.title": {"pl": "Sprawy klientów", "en": "Client cases"},
    "cases.counts": {
        "pl": "Otwarte: {open} · Po terminie: {overdue} · Zamknięte: {closed}",
        "en": "Open: {open} · Overdue: {overdue} · Closed: {closed}",
    },
    "cases.intro": {
        "pl": "Prośby o odpowiedź z formularza ocen oraz skargi złożone na piśmie lub telefonicznie. Termin "
        "odpowiedzi: {days} dni od otwarcia sprawy. Dane kontaktowe zamkniętych spraw usuwa retencja danych.",
        "en": "Reply requests from the rating form and complaints made on paper or by phone. Reply due: {days} "
        "days after the case is opened. Data retention deletes the contact data of closed cases.",
    },
    "cases.filter_status": {"pl": "Status", "en": "Status"},
    "cases.all_statuses": {"pl": "Wszystkie statusy", "en": "All statuses"},
    "cases.none": {"pl": "Brak spraw do pokazania.", "en": "No cases to show."},
    "cases.status.open": {"pl": "otwarta", "en": "open"},
    "cases.status.closed": {"pl": "zamknięta", "en": "closed"},
    "cases.overdue_marker": {"pl": "po terminie", "en": "overdue"},
    "cases.origin.form": {"pl": "formularz ocen", "en": "rating form"},
    "cases.origin.paper": {"pl": "na piśmie", "en": "on paper"},
    "cases.origin.phone": {"pl": "telefonicznie", "en": "by phone"},
    "cases.column.opened": {"pl": "Otwarta", "en": "Opened"},
    "cases.column.due": {"pl": "Termin", "en": "Due"},
    "cases.column.status": {"pl": "Status", "en": "Status"},
    "cases.column.origin": {"pl": "Źródło", "en": "Source"},
    "cases.column.request": {"pl": "Sprawa", "en": "Request"},
    "cases.column.replied_on": {"pl": "Odpowiedź z dnia", "en": "Replied on"},
    "cases.no_department": {"pl": "bez wydziału (kierownictwo)", "en": "no department (management)"},
    "cases.new": {"pl": "Nowa sprawa (na piśmie lub telefonicznie)", "en": "New case (on paper or by phone)"},
    "cases.origin": {"pl": "Jak wpłynęła", "en": "How it came in"},
    "cases.request": {"pl": "Treść sprawy", "en": "Request"},
    "cases.name": {"pl": "Imię i nazwisko Klienta (opcjonalnie)", "en": "Client's name (optional)"},
    "cases.email": {"pl": "E-mail Klienta", "en": "Client's e-mail"},
    "cases.phone": {"pl": "Telefon Klienta", "en": "Client's phone"},
    "cases.contact_hint": {
        "pl": "Podaj e-mail lub telefon Klienta – przynajmniej jedno, inaczej nie będzie komu odpowiedzieć.",
        "en": "Give the client's e-mail or phone – at least one, or there is no one to reply to.",
    },
    "cases.create": {"pl": "Otwórz sprawę", "en": "Open the case"},
    "cases.created": {
        "pl": "Otwarto sprawę; termin odpowiedzi: {due}.",
        "en": "Case opened; reply due: {due}.",
    },
    "cases.no_departments": {
        "pl": "Nie masz wydziałów, w których można otworzyć sprawę.",
        "en": "You have no departments to open a case in.",
    },
    "cases.choose": {"pl": "Sprawa", "en": "Case"},
    "cases.choose_placeholder": {"pl": "Wybierz sprawę, aby odpowiedzieć", "en": "Choose a case to reply"},
    "cases.answer": {"pl": "Odpowiedź na sprawę", "en": "Reply to a case"},
    "cases.contact": {"pl": "Kontakt", "en": "Contact"},
    "cases.detail": {
        "pl": "Otwarta {opened} · termin {due} · {origin} · {department}",
        "en": "Opened {opened} · due {due} · {origin} · {department}",
    },
    "cases.contact_deleted": {
        "pl": "Dane kontaktowe usunięto {day} (retencja).",
        "en": "Contact data deleted on {day} (retention).",
    },
    "cases.contact_viewed": {
        "pl": "Otwarcie danych kontaktowych zapisano w dzienniku zmian.",
        "en": "Opening the contact data was recorded in the audit log.",
    },
    "cases.reply": {"pl": "Odpowiedź udzielona Klientowi", "en": "Reply given to the client"},
    "cases.replied_on": {"pl": "Data odpowiedzi", "en": "Reply date"},
    "cases.save_reply": {"pl": "Zapisz odpowiedź", "en": "Save the reply"},
    "cases.close": {"pl": "Zapisz i zamknij sprawę", "en": "Save and close the case"},
    "cases.saved": {"pl": "Zapisano odpowiedź.", "en": "Reply saved."},
    "cases.closed": {"pl": "Sprawa zamknięta.", "en": "Case closed."},
    "cases.closed_info": {
        "pl": "Sprawa zamknięta {day}. Odpowiedź z dnia {replied}:",
        "en": "Case closed on {day}. Reply of {replied}:",
    },
    "cases.raise_action": {
        "pl": "Zaplanuj działanie doskonalące z tej sprawy",
        "en": "Plan an improvement action from this case",
    },
    "cases.error.origin": {
        "pl": "Wybierz, jak wpłynęła sprawa: na piśmie albo telefonicznie.",
        "en": "Choose how the case came in: on paper or by phone.",
    },
    "cases.error.department": {"pl": "Wybierz wydział.", "en": "Choose a department."},
    "cases.error.scope": {
        "pl": "Ta sprawa nie należy do Twoich wydziałów.",
        "en": "This case is not in your departments.",
    },
    "cases.error.closed": {
        "pl": "Ta sprawa jest już zamknięta – nie można jej zmieniać.",
        "en": "This case is closed already – it cannot be changed.",
    },
    "cases.error.reply_date": {
        "pl": "Data odpowiedzi nie może być w przyszłości ani przed otwarciem sprawy.",
        "en": "The reply date cannot be in the future or before the case was opened.",
    },
    "retention.case_contacts": {
        "pl": "Usunięto dane kontaktowe z zamkniętych spraw Klientów: {count} (zamkniętych ponad {days} dni temu).",
        "en": "Contact data deleted from closed client cases: {count} (closed more than {days} days ago).",
    },
    "retention.case_contacts_intro": {
        "pl": "To samo uruchomienie usuwa dane kontaktowe (imię i nazwisko, e-mail, telefon) ze spraw Klientów "
        "zamkniętych ponad {days} dni temu i czyści treść tych spraw i odpowiedzi z danych osobowych (PESEL, "
        "telefony, adresy e-mail).",
        "en": "The same run deletes the contact data (name, e-mail, phone) of client cases closed more than {days} "
        "days ago and removes personal data (PESEL, phone numbers, e-mail addresses) from their requests and replies.",
    },
    "audit.entity.client_case": {"pl": "sprawa Klienta", "en": "client case"},
    "audit.entity.client_cases": {"pl": "sprawy Klientów", "en": "client cases"},
    "audit.entity.client_case_contact": {
        "pl": "dane kontaktowe w sprawie Klienta",
        "en": "contact data of a client case",
    },
    "audit.field.origin": {"pl": "źródło sprawy", "en": "case source"},
    "audit.field.request": {"pl": "treść sprawy", "en": "request"},
    "audit.field.contact_name": {"pl": "podano imię i nazwisko", "en": "name given"},
    "audit.field.contact_email": {"pl": "podano e-mail", "en": "e-mail given"},
    "audit.field.contact_phone": {"pl": "podano telefon", "en": "phone given"},
    "audit.field.consent_version": {"pl": "wersja zgody", "en": "consent version"},
    "audit.field.reply": {"pl": "odpowiedź", "en": "reply"},
    "audit.field.replied_on": {"pl": "data odpowiedzi", "en": "reply date"},
    "audit.field.replied_by": {"pl": "odpowiedział(a)", "en": "replied by"},
    "audit.field.case_contacts": {"pl": "sprawy bez danych kontaktowych", "en": "cases without contact data"},
    "nav.moderation": {"pl": "Moderacja komentarzy", "en": "Comment moderation"},
    "nav.admin_kiosks": {"pl": "Kioski i plakaty QR", "en": "Kiosks and QR posters"},
    "admin.kiosks.title": {"pl": "Kioski i plakaty z kodem QR", "en": "Kiosks and QR posters"},
    "admin.kiosks.add": {"pl": "Nowy kiosk", "en": "New kiosk"},
    "admin.kiosks.department": {"pl": "Wydział kiosku", "en": "Kiosk's department"},
    "admin.kiosks.any_department": {
        "pl": "— wspólny (Klient wybiera wydział) —",
        "en": "— shared (the client chooses the department) —",
    },
    "admin.kiosks.created": {
        "pl": "Kiosk zarejestrowany. Otwórz ten adres w przeglądarce kiosku; klucz jest pokazywany tylko teraz:",
        "en": "Kiosk registered. Open this address in the kiosk's browser; the key is shown only now:",
    },
    "admin.kiosks.list": {"pl": "Zarejestrowane kioski", "en": "Registered kiosks"},
    "admin.kiosks.revoked": {"pl": "wyłączony {when}", "en": "revoked {when}"},
    "admin.kiosks.revoke": {"pl": "Wyłącz", "en": "Switch off"},
    "admin.kiosks.posters": {"pl": "Plakaty z kodem QR", "en": "QR posters"},
    "admin.kiosks.posters_help": {
        "pl": "Plakat A4 dla wydziału: kod QR otwiera ankietę na telefonie Klienta, przypisaną do wydziału.",
        "en": "An A4 poster per department: the QR code opens the survey on the client's phone, for that department.",
    },
    "admin.kiosks.poster": {"pl": "Pobierz plakat (PDF)", "en": "Download poster (PDF)"},
    "moderation.title": {"pl": "Moderacja komentarzy Klientów", "en": "Client comment moderation"},
    "moderation.intro": {
        "pl": "Komentarze są widoczne w analizach dopiero po zatwierdzeniu. Dane osobowe zostały usunięte przy zapisie.",
        "en": "Comments appear in analyses only after approval. Personal data was removed when they were saved.",
    },
    "moderation.nothing": {"pl": "Brak komentarzy do moderacji.", "en": "No comments to moderate."},
    "moderation.rating": {"pl": "ocena", "en": "rating"},
    "moderation.burst": {
        "pl": "Oznaczone: seria wielu ocen z jednego kiosku albo jednego adresu w krótkim czasie – sprawdź, "
        "czy to nie nadużycie.",
        "en": "Flagged: a burst of ratings from one kiosk or one address in a short time – check for abuse.",
    },
    "moderation.bursts_title": {"pl": "Oceny z serii do sprawdzenia", "en": "Ratings from bursts to review"},
    "moderation.bursts_intro": {
        "pl": "Wiele ocen z jednego kiosku albo z jednego adresu w ciągu minuty może być nadużyciem. Takie oceny "
        "są zapisane, ale nie liczą się w żadnym wyniku ani eksporcie, dopóki ich nie zatwierdzisz. Odrzucone "
        "zostają w bazie i nigdy się nie liczą.",
        "en": "Many ratings from one kiosk or one address within a minute may be abuse. Such ratings are stored "
        "but count in no figure or export until you approve them. Rejected ones stay stored and never count.",
    },
    "moderation.bursts_none": {"pl": "Brak ocen do sprawdzenia.", "en": "No ratings to review."},
    "moderation.bursts_choose": {"pl": "Oceny do decyzji", "en": "Ratings to decide on"},
    "moderation.bursts_all": {
        "pl": "Wszystkie oceny z listy ({count})",
        "en": "All ratings in the list ({count})",
    },
    "moderation.bursts_approve": {"pl": "Zatwierdź – liczą się", "en": "Approve – they count"},
    "moderation.bursts_reject": {"pl": "Odrzuć – nie liczą się", "en": "Reject – they do not count"},
    "moderation.bursts_approved": {"pl": "Zatwierdzono ocen: {count}.", "en": "Ratings approved: {count}."},
    "moderation.bursts_rejected": {"pl": "Odrzucono ocen: {count}.", "en": "Ratings rejected: {count}."},
    "moderation.channel.kiosk": {"pl": "kiosk {name}", "en": "kiosk {name}"},
    "moderation.channel.qr": {"pl": "kod QR", "en": "QR code"},
    "moderation.comments_title": {"pl": "Komentarze", "en": "Comments"},
    "audit.action.review_burst": {"pl": "decyzja o ocenie z serii", "en": "burst rating decision"},
    "moderation.approve": {"pl": "Zatwierdź", "en": "Approve"},
    "moderation.hide": {"pl": "Ukryj", "en": "Hide"},
    "moderation.reason": {"pl": "Powód ukrycia", "en": "Reason for hiding"},
    "moderation.hide_confirm": {"pl": "Ukryj komentarz", "en": "Hide comment"},
    # management dashboard
    "nav.dashboard": {"pl": "Pulpit", "en": "Dashboard"},
    "dash.title": {"pl": "Pulpit jakości obsługi", "en": "Service quality dashboard"},
    "dash.period": {"pl": "Okres", "en": "Period"},
    "dash.preset.month": {"pl": "Ostatni miesiąc", "en": "Last month"},
    "dash.preset.quarter": {"pl": "Kwartał", "en": "Quarter"},
    "dash.preset.year": {"pl": "Rok", "en": "Year"},
    "dash.preset.custom": {"pl": "Własny", "en": "Custom"},
    "dash.range": {"pl": "Od – do", "en": "From – to"},
    "dash.all_departments": {"pl": "Wszystkie wydziały", "en": "All departments"},
    "dash.version": {"pl": "Wersja podręcznika", "en": "Handbook version"},
    "dash.tab.observations": {"pl": "Obserwacje", "en": "Observations"},
    "dash.tab.trend": {"pl": "Trend wyników", "en": "Score trend"},
    "dash.tab.clients": {"pl": "Klienci", "en": "Clients"},
    "dash.tab.coverage": {"pl": "Pokrycie i kalibracja", "en": "Coverage and calibration"},
    "dash.tab.critical": {"pl": "Naruszenia krytyczne", "en": "Critical breaches"},
    "dash.tab.employees": {"pl": "Pracownicy", "en": "Employees"},
    "dash.none": {"pl": "Brak danych dla wybranych filtrów.", "en": "No data for the chosen filters."},
    "dash.score_trend": {
        "pl": "Wynik obserwacji według wydziałów i miesięcy",
        "en": "Observation score by department and month",
    },
    "dash.score_trend_help": {
        "pl": "Punkt to wynik wydziału w miesiącu (miesiące z mniej niż {min_n} obserwacjami pominięto). "
        "Przerywane linie to granice zwykłej zmienności; czerwony romb to miesiąc wyraźnie odbiegający od reszty.",
        "en": "A point is the department's score in a month (months with fewer than {min_n} observations are left "
        "out). Dotted lines are the limits of ordinary variation; a red diamond marks a month clearly unlike the rest.",
    },
    "dash.score_trend_explained": {
        "pl": "**Jak czytać ten wykres.** Wyniki wydziału zmieniają się z miesiąca na miesiąc, bo obserwowani są "
        "różni pracownicy i różne wizyty. Granice kontrolne pokazują, jak duże wahania są zwykłe dla tego "
        "wydziału. Punkt poza granicami (czerwony romb) to sygnał, że w tym miesiącu stało się coś "
        "nietypowego i warto zapytać, co. Punkty w granicach nie wymagają wyjaśniania pojedynczo.\n\n"
        "**Reguła.** Karta p′ Laneya (Laney 2002): granice to wynik wydziału ± 3 odchylenia, przy czym "
        "odchylenie dla miesiąca zależy od liczby obserwacji i jest powiększone o zmienność między miesiącami "
        "faktycznie widzianą w danych. Zwykła karta p liczyłaby każdą odpowiedź jako niezależną i oznaczałaby "
        "jako nietypowe zbyt wiele zwykłych miesięcy.",
        "en": "**How to read this chart.** A department's score moves from month to month because different "
        "employees and visits are observed. The control limits show how much movement is ordinary for this "
        "department. A point outside the limits (red diamond) signals that something unusual happened that "
        "month and is worth asking about. Points within the limits need no explanation one by one.\n\n"
        "**Rule.** Laney's p′ chart (Laney 2002): the limits are the department's score ± 3 deviations, where a "
        "month's deviation depends on its number of observations and is widened by the variation between "
        "months actually seen in the data. A plain p-chart would count every answer as independent and flag "
        "too many ordinary months as unusual.",
    },
    "dash.heatmap": {"pl": "Wydziały × standardy", "en": "Departments × standards"},
    "dash.pareto": {"pl": "Najczęściej niespełniane pozycje", "en": "Most often unmet items"},
    "dash.drilldown": {
        "pl": "Szczegóły: wydział → standard → pozycja",
        "en": "Details: department → standard → item",
    },
    # dashboard at tablet and laptop widths (issue 13): heat-map drill-down, highlighted trend
    "dash.heatmap_help": {
        "pl": "Dotknij lub kliknij pole, aby niżej zobaczyć szczegóły tego wydziału i standardu. "
        "Szare pole: za mało obserwacji (mniej niż {min_n}); powód pokazuje się po najechaniu na pole.",
        "en": "Tap or click a cell to see the details of that department and standard below. "
        "A grey cell: too few observations (fewer than {min_n}); hover over it for the reason.",
    },
    "dash.drill_start": {
        "pl": "Na początek pokazano pole z najniższym wynikiem – tam pomoc jest najbardziej potrzebna.",
        "en": "To start with, the cell with the lowest score is shown: that is where help is needed most.",
    },
    "dash.drill_cell": {
        "pl": "Wynik w tym polu: {value} ({detail})",
        "en": "Score in this cell: {value} ({detail})",
    },
    "dash.department_standards": {
        "pl": "Wszystkie standardy tego wydziału",
        "en": "All standards of this department",
    },
    "dash.choose_department": {"pl": "Wybierz wydział", "en": "Choose a department"},
    "dash.choose_standard": {"pl": "Wybierz standard", "en": "Choose a standard"},
    "dash.choose_item": {"pl": "Wybierz pozycję", "en": "Choose an item"},
    "dash.choose_kind": {"pl": "Wybierz rodzaj", "en": "Choose a kind"},
    "dash.choose_version": {"pl": "Wybierz wersję", "en": "Choose a version"},
    "dash.highlight": {"pl": "Wyróżniony wydział", "en": "Highlighted department"},
    "dash.highlight_help": {
        "pl": "Na początek wydział z najniższym odsetkiem ocen 4–5 w okresie; pozostałe wydziały są szare.",
        "en": "To start with, the department with the lowest share of ratings 4–5 in the period; "
        "the other departments are grey.",
    },
    "chart.other_departments": {"pl": "pozostałe wydziały", "en": "other departments"},
    "chart.all_shown": {"pl": "wszystkie wydziały na wykresie", "en": "all departments on the chart"},
    "dash.satisfaction_trend": {
        "pl": "Zadowolenie Klientów (oceny 4–5) według miesięcy",
        "en": "Client satisfaction (ratings 4–5) by month",
    },
    "dash.criteria": {"pl": "Zadowolenie według kryteriów", "en": "Satisfaction by criterion"},
    "dash.hours": {
        "pl": "Średnia ocena według dnia tygodnia i godziny",
        "en": "Mean rating by weekday and hour",
    },
    "dash.comments": {"pl": "Zatwierdzone komentarze Klientów", "en": "Approved client comments"},
    "dash.coverage": {
        "pl": "Pokrycie standardów obserwacjami",
        "en": "Coverage of the standards by observation",
    },
    "dash.calibration": {"pl": "Kalibracja obserwatorów", "en": "Observer calibration"},
    "dash.calibration_help": {
        "pl": "Zgodność odpowiedzi dwóch przełożonych obserwujących tę samą wizytę: odsetek zgodnych odpowiedzi, "
        "AC1 Gweta i kappa Cohena (z interpretacją Landisa i Kocha). Gdy prawie wszystkie odpowiedzi to „tak”, "
        "kappa spada blisko zera nawet przy prawie pełnej zgodności (paradoks kappa) – wtedy czytaj AC1 i "
        "odsetek zgodnych odpowiedzi. Kappa jest miarodajna, gdy odpowiedzi są zróżnicowane.",
        "en": "Agreement of two supervisors observing the same visit: percent agreement, Gwet's AC1 and Cohen's "
        "kappa (with the Landis–Koch reading). When nearly every answer is “yes”, kappa drops near zero even "
        "when the two almost always agree (the kappa paradox) – then read AC1 and the percent agreement. Kappa "
        "is informative when the answers vary.",
    },
    "dash.no_calibration": {
        "pl": "Brak par obserwacji kalibracyjnych w okresie.",
        "en": "No calibration pairs in the period.",
    },
    "dash.employees_help": {
        "pl": "Wyniki imienne – widoczne tylko dla kierownictwa i przełożonych tych pracowników. Wynik pracownika "
        "pokazujemy od {min_n} jego obserwacji: mniej mówi niewiele o jego pracy.",
        "en": "Named results – visible only to management and the employees' own supervisors. An employee's score "
        "is shown from {min_n} of their observations: fewer say little about their work.",
    },
    "criterion.overall": {"pl": "Ocena ogólna", "en": "Overall rating"},
    "criterion.rating_time": {"pl": "Czas załatwienia sprawy", "en": "Time taken"},
    "criterion.rating_manner": {"pl": "Sposób obsługi", "en": "Manner of service"},
    "criterion.rating_conditions": {"pl": "Warunki obsługi", "en": "Conditions of service"},
    "criterion.rating_forms": {"pl": "Dostępność druków", "en": "Availability of forms"},
    "criterion.rating_information": {"pl": "Pełna informacja", "en": "Complete information"},
    # figures: how every number is labelled, qualified or withheld (analytics.summaries, figures)
    "fig.observations": {"pl": "Obserwacje", "en": "Observations"},
    "fig.score": {"pl": "Średni wynik obserwacji", "en": "Mean observation score"},
    "fig.satisfied": {"pl": "Zadowoleni (oceny 4–5)", "en": "Satisfied (ratings 4–5)"},
    "fig.mean_rating": {"pl": "Średnia ocena Klientów", "en": "Mean client rating"},
    "fig.ratings": {"pl": "Oceny Klientów", "en": "Client ratings"},
    "fig.critical": {"pl": "Naruszenia krytyczne", "en": "Critical breaches"},
    "fig.acknowledged": {"pl": "Potwierdzenia", "en": "Acknowledgements"},
    "fig.detail.observations": {"pl": "wysłane w okresie", "en": "sent in the period"},
    "fig.detail.ratings": {
        "pl": "ankiety z kiosków, kodów QR i papierowe",
        "en": "kiosk, QR-code and paper surveys",
    },
    "fig.detail.critical": {
        "pl": "odpowiedzi „nie” na pozycjach krytycznych",
        "en": "“no” answers on critical items",
    },
    "fig.detail.acknowledged": {
        "pl": "pracowników potwierdziło obecną wersję podręcznika (stan na dziś)",
        "en": "employees acknowledged the current handbook version (as of today)",
    },
    "fig.help.observations": {
        "pl": "Liczba obserwacji wysłanych w wybranym okresie (bez powtórzeń kalibracyjnych). To pełna liczba, "
        "nie próba.",
        "en": "Observations sent in the chosen period (calibration repeats not counted). A full count, not a sample.",
    },
    "fig.help.score": {
        "pl": "Odsetek spełnionych pozycji list kontrolnych (z wagami) we wszystkich obserwacjach okresu. "
        "Jednostką jest obserwacja: odpowiedzi z jednej wizyty dotyczą tego samego pracownika, Klienta i "
        "obserwatora, więc nie są niezależne. Przedział ufności 95% to zakres, w którym najpewniej leży "
        "prawdziwy wynik; jest tym szerszy, im mniej obserwacji i im bardziej się różnią. Poniżej {min_n} "
        "obserwacji wynik nie jest pokazywany: pojedyncza obserwacja mówi niewiele o pracy wydziału.",
        "en": "Share of checklist items met (weighted) over all observations of the period. The unit is the "
        "observation: the answers of one visit share one employee, client and observer, so they are not "
        "independent. The 95% confidence interval is the range where the true score most likely lies; it is "
        "wider with fewer and more varied observations. Below {min_n} observations the score is not shown: "
        "a single observation says little about a department.",
    },
    "fig.help.satisfied": {
        "pl": "Odsetek ocen ogólnych 4 i 5 wśród ocen Klientów w okresie. Każda ocena to jedna wizyta; przedział "
        "ufności 95% (Wilsona) pokazuje niepewność. Poniżej {min_n} ocen odsetek nie jest pokazywany.",
        "en": "Share of overall ratings 4 and 5 among the period's client ratings. Each rating is one visit; the "
        "95% (Wilson) confidence interval shows the uncertainty. Below {min_n} ratings the share is not shown.",
    },
    "fig.help.mean_rating": {
        "pl": "Średnia ocen ogólnych na skali 1–5 z przedziałem ufności 95% (t-Studenta). Poniżej {min_n} ocen "
        "średnia nie jest pokazywana.",
        "en": "Mean overall rating on the 1–5 scale with its 95% (Student t) confidence interval. Below {min_n} "
        "ratings the mean is not shown.",
    },
    "fig.help.ratings": {
        "pl": "Liczba ocen Klientów z kiosków, kodów QR i ankiet papierowych w okresie (w wybranych "
        "kanałach). To pełna liczba, nie próba.",
        "en": "Client ratings from kiosks, QR codes and paper questionnaires in the period (in the chosen "
        "channels). A full count, not a sample.",
    },
    "fig.help.critical": {
        "pl": "Liczba odpowiedzi „nie” na pozycjach krytycznych, np. rozmowa o sprawach innych Klientów przy "
        "Kliencie. Każde takie naruszenie jest pokazywane osobno, nie uśrednia się go.",
        "en": "“No” answers on critical items, e.g. talking about other clients’ matters in front of a client. "
        "Each breach is shown on its own, never averaged away.",
    },
    "fig.help.acknowledged": {
        "pl": "Ilu aktywnych pracowników potwierdziło zapoznanie się z obecną wersją podręcznika. To pełny "
        "rejestr, więc pokazujemy liczby („5 z 6”), a nie przedział ufności.",
        "en": "How many active employees acknowledged the current handbook version. This is a complete register, "
        "so it shows counts (“5 of 6”), not a confidence interval.",
    },
    "fig.what_it_means": {"pl": "Co to znaczy?", "en": "What does it mean?"},
    "fig.interval": {"pl": "przedział ufności 95%: {bounds}", "en": "95% confidence interval: {bounds}"},
    "fig.no_previous": {"pl": "brak danych z poprzedniego okresu", "en": "no data for the previous period"},
    "fig.of": {"pl": "{count} z {total}", "en": "{count} of {total}"},
    "fig.scale": {"pl": "skala 1–5", "en": "scale 1–5"},
    "fig.no_observations": {"pl": "brak ocenionych obserwacji", "en": "no scored observations"},
    "fig.no_ratings": {"pl": "brak ocen", "en": "no ratings"},
    "fig.no_answer_pairs": {"pl": "brak par odpowiedzi", "en": "no answer pairs"},
    "fig.too_few_observations": {
        "pl": "za mało obserwacji: {count} z wymaganych {required}",
        "en": "too few observations: {count} of the {required} required",
    },
    "fig.too_few_ratings": {
        "pl": "za mało ocen: {count} z wymaganych {required}",
        "en": "too few ratings: {count} of the {required} required",
    },
    "fig.too_few_answer_pairs": {
        "pl": "za mało par odpowiedzi: {count} z wymaganych {required}",
        "en": "too few answer pairs: {count} of the {required} required",
    },
    "fig.column.score": {"pl": "Wynik", "en": "Score"},
    "fig.column.basis": {"pl": "Podstawa i przedział", "en": "Basis and interval"},
    "fig.column.met": {"pl": "Spełnione", "en": "Met"},
    "fig.column.not_met": {"pl": "Niespełnione", "en": "Not met"},
    "fig.column.observations": {"pl": "Obserwacje", "en": "Observations"},
    "fig.column.never_scored": {"pl": "Standardy nigdy nieocenione", "en": "Standards never scored"},
    "fig.column.modules_unused": {
        "pl": "Trudne sytuacje nieobserwowane",
        "en": "Difficult situations not observed",
    },
    "fig.column.not_observed": {"pl": "Odsetek „nie zaobserwowano”", "en": "Share “not observed”"},
    "fig.column.pairs": {"pl": "Pary odpowiedzi", "en": "Answer pairs"},
    "fig.column.agreement": {"pl": "Zgodność", "en": "Agreement"},
    "fig.column.ac1": {"pl": "AC1 Gweta", "en": "Gwet's AC1"},
    "fig.column.kappa": {"pl": "Kappa Cohena", "en": "Cohen's kappa"},
    "fig.column.kappa_band": {
        "pl": "Kappa: interpretacja (Landis–Koch)",
        "en": "Kappa: reading (Landis–Koch)",
    },
    "chart.limits": {"pl": "granice kontrolne (Laney p′)", "en": "control limits (Laney p′)"},
    "chart.limits_hover": {
        "pl": "granice kontrolne: {low}–{high}",
        "en": "control limits: {low}–{high}",
    },
    "chart.centre": {"pl": "wynik wydziału za cały okres", "en": "department score for the whole period"},
    "chart.outside": {"pl": "poza granicami", "en": "outside the limits"},
    "chart.ratings_4_5": {"pl": "oceny 4–5", "en": "ratings 4–5"},
    "chart.share_4_5": {"pl": "odsetek ocen 4–5", "en": "share of ratings 4–5"},
    "chart.criteria_axis": {
        "pl": "odsetek ocen 4–5 (przedział ufności 95%)",
        "en": "share of ratings 4–5 (95% confidence interval)",
    },
    "chart.too_few_short": {"pl": "za mało ocen", "en": "too few ratings"},
    "chart.not_met": {"pl": "niespełnione", "en": "not met"},
    "chart.not_met_of": {
        "pl": "niespełnione: {not_met} z {observations}",
        "en": "not met: {not_met} of {observations}",
    },
    "chart.cumulative": {"pl": "skumulowany udział", "en": "cumulative share"},
    "chart.weekdays": {"pl": "pon. wt. śr. czw. pt. sob. niedz.", "en": "Mon Tue Wed Thu Fri Sat Sun"},
    "chart.mean_of": {"pl": "średnia: {mean} ({ratings})", "en": "mean: {mean} ({ratings})"},
    # people: acknowledgements, conversations, own view, retention
    "nav.my_results": {"pl": "Moje wyniki", "en": "My results"},
    "nav.acknowledgements": {"pl": "Potwierdzenia", "en": "Acknowledgements"},
    "nav.conversations": {"pl": "Rozmowy okresowe", "en": "Periodic conversations"},
    "nav.admin_retention": {"pl": "Retencja danych", "en": "Data retention"},
    "ack.title": {
        "pl": "Rejestr potwierdzeń zapoznania się z podręcznikiem",
        "en": "Handbook acknowledgement register",
    },
    "ack.intro": {
        "pl": "Obowiązująca wersja podręcznika: {version}. Każdy pracownik obsługujący Klientów – także nowo "
        "zatrudniony i stażysta – potwierdza zapoznanie się z nią; nowa wersja wymaga nowego potwierdzenia.",
        "en": "Current handbook version: {version}. Every employee serving clients – new employees and interns "
        "too – acknowledges it; a new version needs a new acknowledgement.",
    },
    "ack.coverage": {"pl": "Stan według wydziałów", "en": "By department"},
    "ack.employees": {"pl": "Pracownicy", "en": "Employees"},
    "ack.acknowledged": {"pl": "Potwierdzili", "en": "Acknowledged"},
    "ack.share": {"pl": "Stan rejestru", "en": "Register status"},
    "ack.register": {"pl": "Rejestr", "en": "Register"},
    "ack.only_missing": {"pl": "Tylko brakujące potwierdzenia", "en": "Only missing acknowledgements"},
    "ack.status": {"pl": "Potwierdzenie", "en": "Acknowledged on"},
    "ack.missing": {"pl": "BRAK", "en": "MISSING"},
    "ack.method": {"pl": "Sposób", "en": "How"},
    "ack.method.self": {"pl": "w aplikacji", "en": "in the app"},
    "ack.method.paper": {"pl": "formularz papierowy", "en": "paper form"},
    "ack.unacknowledged_observations": {
        "pl": "Obserwacje bez potwierdzenia",
        "en": "Observations without acknowledgement",
    },
    "ack.print_forms": {
        "pl": "Drukuj formularze (Załącznik nr 1) dla brakujących: {count}",
        "en": "Print forms (Attachment 1) for the missing: {count}",
    },
    "ack.export": {"pl": "Pobierz rejestr (Excel)", "en": "Download the register (Excel)"},
    "ack.paper": {
        "pl": "Wpisz potwierdzenie z formularza papierowego",
        "en": "Record a paper acknowledgement",
    },
    "ack.signed_on": {"pl": "Data podpisu", "en": "Signed on"},
    "talk.title": {"pl": "Rozmowy okresowe", "en": "Periodic conversations"},
    "talk.overdue": {"pl": "Zaległe rozmowy: {count}", "en": "Overdue conversations: {count}"},
    "talk.last": {"pl": "Ostatnia rozmowa", "en": "Last conversation"},
    "talk.never": {"pl": "nigdy", "en": "never"},
    "talk.planned": {"pl": "Planowana", "en": "Planned"},
    "talk.new": {"pl": "Nowa rozmowa", "en": "New conversation"},
    "talk.first": {
        "pl": "pierwsza rozmowa – wszystkie dotychczasowe wyniki",
        "en": "first conversation – all results so far",
    },
    "talk.results_since": {
        "pl": "Wyniki od ostatniej rozmowy ({since})",
        "en": "Results since the last conversation ({since})",
    },
    "talk.observations": {"pl": "Obserwacje", "en": "Observations"},
    "talk.department_ratings": {
        "pl": "Oceny Klientów wydziału (4–5)",
        "en": "Department's client ratings (4–5)",
    },
    "talk.weakest": {"pl": "Najsłabsze pozycje", "en": "Weakest items"},
    "talk.mean_score": {
        "pl": "Wynik pracownika od ostatniej rozmowy: {score} ({basis}); ostatnia obserwacja {last}.",
        "en": "The employee's score since the last conversation: {score} ({basis}); latest observation {last}.",
    },
    "talk.held_on": {"pl": "Data rozmowy", "en": "Date of the conversation"},
    "talk.previous_goals": {
        "pl": "Ocena celów z poprzedniej rozmowy",
        "en": "Assessment of the previous goals",
    },
    "talk.goals": {
        "pl": "Nowe cele (1–3, każdy związany ze standardem)",
        "en": "New goals (1–3, each tied to a standard)",
    },
    "talk.goal": {"pl": "Cel {number}", "en": "Goal {number}"},
    "talk.training": {"pl": "Potrzeby szkoleniowe", "en": "Training needs"},
    "talk.training_other": {"pl": "Inne potrzeby szkoleniowe", "en": "Other training needs"},
    "talk.notes": {"pl": "Notatki", "en": "Notes"},
    "talk.next_on": {"pl": "Termin następnej rozmowy", "en": "Next conversation"},
    "talk.saved": {"pl": "Rozmowa zapisana.", "en": "Conversation saved."},
    "own.title": {"pl": "Moje wyniki", "en": "My results"},
    "own.no_employee": {
        "pl": "Twoje konto nie jest powiązane z kartą pracownika. Poproś administratora.",
        "en": "Your account is not linked to an employee record. Ask the administrator.",
    },
    "own.acknowledgement": {"pl": "Podręcznik w wersji {version}", "en": "Handbook version {version}"},
    "own.acknowledged": {"pl": "Potwierdzono zapoznanie się: {date}.", "en": "Acknowledged on {date}."},
    "own.read_first": {
        "pl": "Przeczytaj podręcznik (dostępny w intranecie), a następnie potwierdź oświadczenie:",
        "en": "Read the handbook (on the intranet), then confirm the statement:",
    },
    "own.confirm_read": {"pl": "Przeczytałem/am podręcznik", "en": "I have read the handbook"},
    "own.acknowledge": {"pl": "Potwierdzam", "en": "I confirm"},
    "own.goals": {"pl": "Moje cele", "en": "My goals"},
    "own.next_conversation": {"pl": "Następna rozmowa: {date}", "en": "Next conversation: {date}"},
    "own.observations": {"pl": "Obserwacje mojej pracy", "en": "Observations of my work"},
    "own.observations_help": {
        "pl": "Obserwacje służą rozwojowi, nie ocenie dyscyplinarnej. Możesz dodać do nich swój komentarz.",
        "en": "Observations are for development, not discipline. You may add your comment.",
    },
    "own.comment": {"pl": "Mój komentarz", "en": "My comment"},
    "own.add_comment": {"pl": "Dodaj komentarz", "en": "Add comment"},
    # issue 13: the employee's own results, bulk moderation, administration (people and accounts)
    "own.no_observations": {
        "pl": "Nie ma jeszcze wysłanych obserwacji Twojej pracy.",
        "en": "There are no sent observations of your work yet.",
    },
    "own.summary": {"pl": "Podsumowanie", "en": "Summary"},
    "own.failed_observations": {
        "pl": "obserwacje z naruszeniem krytycznym: {count} z {total}",
        "en": "observations with a critical breach: {count} of {total}",
    },
    "own.critical_note": {
        "pl": "Naruszenie krytyczne oznacza obserwację niezaliczoną niezależnie od wyniku procentowego. "
        "Szczegóły znajdziesz przy obserwacjach poniżej.",
        "en": "A critical breach fails the observation whatever its percentage. "
        "The details are with the observations below.",
    },
    "own.by_standard": {"pl": "Wyniki według standardów", "en": "Results by standard"},
    "own.by_standard_help": {
        "pl": "Liczone jak na pulpicie: jednostką jest obserwacja, a wynik pokazujemy od {min_n} obserwacji.",
        "en": "Computed as on the dashboard: the observation is the unit; a score is shown from {min_n} "
        "observations.",
    },
    "own.trend": {"pl": "Moje wyniki w czasie", "en": "My results over time"},
    "own.trend_help": {
        "pl": "Wynik w każdym kwartale, od najstarszego; kwartał z mniej niż {min_n} obserwacjami nie ma wyniku.",
        "en": "The score in each quarter, oldest first; a quarter with fewer than {min_n} observations "
        "has no score.",
    },
    "own.quarter": {"pl": "{roman} kwartał {year}", "en": "Quarter {roman}, {year}"},
    "own.failed": {"pl": "niezaliczona: {count}", "en": "failed: {count}"},
    "own.observed_by": {"pl": "Obserwował(a): {name} · {kind}", "en": "Observed by: {name} · {kind}"},
    "own.not_met": {"pl": "Pozycje niespełnione", "en": "Items not met"},
    "own.critical_item": {
        "pl": "Naruszenie krytyczne",
        "en": "Critical breach",
    },
    "own.observer_comment": {"pl": "Komentarz obserwującego:", "en": "Observer's comment:"},
    "own.comment_placeholder": {
        "pl": "Np. co wydarzyło się podczas tej wizyty",
        "en": "E.g. what happened during this visit",
    },
    "own.comment_added": {"pl": "Komentarz dodany.", "en": "Comment added."},
    "moderation.bursts_placeholder": {"pl": "Wybierz oceny…", "en": "Choose ratings…"},
    "admin.departments.added": {"pl": "Dodano wydział {code}.", "en": "Department {code} added."},
    "admin.departments.choose": {"pl": "Wybierz wydział…", "en": "Choose a department…"},
    "admin.employees.added": {"pl": "Dodano pracownika: {name}.", "en": "Employee added: {name}."},
    "admin.employees.choose": {"pl": "Wybierz pracownika…", "en": "Choose an employee…"},
    "admin.employees.rejected_row": {"pl": "Wiersz", "en": "Row"},
    "admin.employees.rejected_reason": {"pl": "Powód", "en": "Reason"},
    "admin.accounts.added": {"pl": "Dodano konto {login}.", "en": "Account {login} added."},
    "admin.accounts.changed": {"pl": "Zapisano zmiany konta {login}.", "en": "Account {login} saved."},
    "admin.accounts.unlocked": {
        "pl": "Logowanie na konto {login} odblokowane.",
        "en": "Sign-in to account {login} unlocked.",
    },
    "admin.accounts.choose_role": {"pl": "Wybierz rolę…", "en": "Choose a role…"},
    "admin.accounts.choose_scope": {"pl": "Wybierz wydziały…", "en": "Choose departments…"},
    "admin.accounts.choose_account": {"pl": "Wybierz konto…", "en": "Choose an account…"},
    "moderation.pick_all": {"pl": "Zaznacz wszystkie ({count})", "en": "Select all ({count})"},
    "moderation.bulk_approve": {"pl": "Zatwierdź zaznaczone ({count})", "en": "Approve selected ({count})"},
    "moderation.bulk_hide": {"pl": "Ukryj zaznaczone ({count})", "en": "Hide selected ({count})"},
    "moderation.confirm_approve": {
        "pl": "Zatwierdzić {count}? Będą widoczne w analizach na pulpicie.",
        "en": "Approve {count}? They will show in the dashboard's analyses.",
    },
    "moderation.confirm_hide": {
        "pl": "Ukryć {count}? Nie pojawią się w żadnej analizie. Podaj powód: zapisze się przy każdym z nich "
        "w dzienniku zmian.",
        "en": "Hide {count}? They will show in no analysis. Give the reason: it is recorded with each of "
        "them in the audit log.",
    },
    "moderation.confirm_approve_yes": {"pl": "Tak, zatwierdź {count}", "en": "Yes, approve {count}"},
    "moderation.confirm_hide_yes": {"pl": "Tak, ukryj {count}", "en": "Yes, hide {count}"},
    "moderation.confirm_cancel": {"pl": "Anuluj", "en": "Cancel"},
    "moderation.done_approve": {"pl": "Zatwierdzono {count}.", "en": "Approved: {count}."},
    "moderation.done_hide": {"pl": "Ukryto {count}.", "en": "Hidden: {count}."},
    "moderation.reason_placeholder": {
        "pl": "Np. wulgaryzmy, dane osobowe",
        "en": "E.g. abusive language, personal data",
    },
    "retention.title": {"pl": "Retencja danych obserwacji", "en": "Observation data retention"},
    "retention.intro": {
        "pl": "Anonimizacja usuwa z obserwacji starszych niż wskazany okres nazwiska pracowników, notatki, "
        "komentarze do pozycji, powody usunięcia i komentarze pracowników, usuwa rozmowy okresowe starsze niż "
        "ten okres oraz treść tych danych z dziennika zmian. Potem plik bazy danych jest przepisywany, aby usunięta "
        "treść nie została w nim na dysku (aplikacja zatrzymuje się wtedy na kilka sekund). Wyniki i statystyki "
        "zostają. Do dziennika zmian trafia wpis z liczbą usuniętych danych, bez ich treści. Kopie zapasowe "
        "wykonane wcześniej nadal zawierają usunięte dane.",
        "en": "Anonymisation removes employee names, notes, item comments, deletion reasons and employees' comments "
        "from observations older than the period, removes periodic conversations older than the period, and removes "
        "the text of these records from the audit log. The database file is then rewritten so that the removed text "
        "does not stay in it on disk (the app pauses for a few seconds). Scores and statistics stay. The audit log "
        "records the counts of removed data, not its text. Earlier backups still contain the removed data.",
    },
    "retention.months": {"pl": "Okres przechowywania (miesiące)", "en": "Retention period (months)"},
    "retention.confirm": {
        "pl": "Rozumiem, że dane imienne starsze niż {months} mies. zostaną nieodwracalnie usunięte.",
        "en": "I understand that named data older than {months} months will be removed irreversibly.",
    },
    "retention.run": {"pl": "Anonimizuj", "en": "Anonymise"},
    "retention.done": {
        "pl": "Zanonimizowano obserwacji: {observations}. Usunięto rozmów okresowych: {conversations}. "
        "Usunięto wpisów rejestru szkoleń: {training}. Usunięto treść z wpisów dziennika zmian: {audit_entries}.",
        "en": "Observations anonymised: {observations}. Periodic conversations removed: {conversations}. "
        "Training records removed: {training}. Audit log entries stripped of text: {audit_entries}.",
    },
    "retention.file_done": {
        "pl": "Plik bazy danych przepisano: usuniętej treści nie ma już na dysku.",
        "en": "The database file was rewritten: the removed text is no longer on disk.",
    },
    "retention.file_busy": {
        "pl": "Dane usunięto, ale pliku bazy nie przepisano, bo baza była zajęta (np. trwał eksport). Usunięta treść "
        "może jeszcze być w pliku na dysku: uruchom anonimizację ponownie za kilka minut.",
        "en": "The data was removed, but the database file was not rewritten because the database was busy (e.g. an "
        "export was running). The removed text may still be in the file on disk: run anonymisation again in a few "
        "minutes.",
    },
    "dash.export": {"pl": "Eksport do Excela", "en": "Export to Excel"},
    "dash.export_help": {
        "pl": "Jeden plik .xlsx z tym, co pulpit pokazuje dla wybranych filtrów: podsumowanie, trendy z "
        "wykresami, obserwacje, odpowiedzi, oceny i zatwierdzone komentarze Klientów, listy kontrolne.",
        "en": "One .xlsx file with what the dashboard shows for the chosen filters: summary, trends with "
        "charts, observations, answers, client ratings and approved comments, checklists.",
    },
    "dash.export_names": {
        "pl": "Plik zawiera nazwiska pracowników – przechowuj go zgodnie z zasadami ochrony danych.",
        "en": "The file contains employee names – keep it according to the data protection rules.",
    },
    "dash.export_build": {"pl": "Przygotuj plik Excela", "en": "Prepare the Excel file"},
    "dash.export_building": {"pl": "Przygotowuję plik Excela…", "en": "Preparing the Excel file…"},
    "dash.export_ready": {"pl": "Plik Excela gotowy", "en": "The Excel file is ready"},
    "dash.export_download": {"pl": "Pobierz plik Excela", "en": "Download the Excel file"},
    # the satisfaction report's download on the dashboard (issue 16; pages/report_download.py)
    "report.heading": {"pl": "Raport z badania satysfakcji", "en": "Satisfaction survey report"},
    "report.help": {
        "pl": "Raport do publikacji (PDF, np. w BIP) albo do edycji (DOCX), po polsku, z wynikami jak na pulpicie "
        "dla wybranych wydziałów.",
        "en": "The report for publication (PDF, e.g. in the Public Information Bulletin) or to edit (DOCX), "
        "in Polish, with the figures as on the dashboard for the chosen departments.",
    },
    "report.basis": {"pl": "Zakres raportu", "en": "What the report covers"},
    "report.basis_placeholder": {"pl": "Wybierz zakres raportu", "en": "Choose what the report covers"},
    "report.from_filters": {"pl": "Okres z filtrów ({period})", "en": "The filters' period ({period})"},
    "report.campaign": {"pl": "Kampania „{name}” ({period})", "en": "Campaign “{name}” ({period})"},
    "report.prepare": {"pl": "Przygotuj raport", "en": "Prepare the report"},
    "report.conclusions": {"pl": "Wnioski i rekomendacje", "en": "Conclusions and recommendations (Polish)"},
    "report.conclusions_help": {
        "pl": "Tekst wypełniony na podstawie danych; popraw go przed pobraniem. Każdy wiersz to osobny akapit.",
        "en": "Pre-filled from the data; edit it before downloading. Each line becomes a paragraph.",
    },
    "report.download_pdf": {"pl": "Pobierz raport (PDF)", "en": "Download the report (PDF)"},
    "report.download_docx": {"pl": "Pobierz raport (DOCX)", "en": "Download the report (DOCX)"},
    "audit.entity.report": {"pl": "raport z badania satysfakcji", "en": "satisfaction survey report"},
    # disclosure audit (issue 12, findings 5 and 13): named views, exports, the audit screen
    "dash.show_names": {"pl": "Pokaż wyniki imienne", "en": "Show named results"},
    "dash.names_logged": {
        "pl": "Otwarcie wyników imiennych zapisuje się w dzienniku zmian (kto, kiedy, jaki zakres).",
        "en": "Opening named results is recorded in the audit log (who, when, which scope).",
    },
    "audit.action_filter": {"pl": "Rodzaj czynności", "en": "Kind of action"},
    "audit.details": {"pl": "Szczegóły", "en": "Details"},
    "audit.all": {"pl": "wszystkie", "en": "all"},
    "audit.period": {"pl": "okres {start} – {end}", "en": "period {start} – {end}"},
    "audit.departments": {"pl": "wydziały: {names}", "en": "departments: {names}"},
    "audit.all_departments": {"pl": "wszystkie wydziały", "en": "all departments"},
    "audit.kind": {"pl": "rodzaj: {kind}", "en": "kind: {kind}"},
    "audit.version": {"pl": "wersja podręcznika {version}", "en": "handbook version {version}"},
    "audit.channels": {"pl": "kanały: {channels}", "en": "channels: {channels}"},
    "audit.employees": {"pl": "pracowników: {count}", "en": "employees: {count}"},
    "audit.employee": {"pl": "pracownik: {name}", "en": "employee: {name}"},
    "audit.file": {"pl": "plik {kind}", "en": "{kind} file"},
    "audit.with_names": {"pl": "z nazwiskami", "en": "with names"},
    "audit.without_names": {"pl": "bez nazwisk", "en": "without names"},
    "audit.path": {"pl": "zapisany do {path}", "en": "written to {path}"},
    "audit.action.create": {"pl": "utworzenie", "en": "create"},
    "audit.action.update": {"pl": "zmiana", "en": "update"},
    "audit.action.delete": {"pl": "usunięcie", "en": "delete"},
    "audit.action.edit_answer": {"pl": "poprawka odpowiedzi", "en": "answer edited"},
    "audit.action.edit_notes": {"pl": "poprawka notatek", "en": "notes edited"},
    "audit.action.comment": {"pl": "komentarz", "en": "comment"},
    "audit.action.acknowledge": {"pl": "potwierdzenie zapoznania", "en": "acknowledgement"},
    "audit.action.moderate": {"pl": "moderacja", "en": "moderation"},
    "audit.action.revoke": {"pl": "wyłączenie", "en": "switched off"},
    "audit.action.lock": {"pl": "blokada", "en": "lock"},
    "audit.action.unlock": {"pl": "odblokowanie", "en": "unlock"},
    "audit.action.retention": {"pl": "retencja danych", "en": "data retention"},
    "audit.action.generate": {"pl": "dane pokazowe", "en": "demo data"},
    "audit.action.export": {"pl": "eksport / pobranie pliku", "en": "export / file download"},
    "audit.action.view": {"pl": "wgląd w dane imienne", "en": "named data opened"},
    "audit.action.sign_in_success": {"pl": "logowanie udane", "en": "sign-in succeeded"},
    "audit.action.sign_in_failure": {"pl": "logowanie nieudane", "en": "sign-in failed"},
    "audit.action.sign_in_throttled": {"pl": "logowanie wstrzymane", "en": "sign-in paused"},
    "audit.action.password_check_success": {
        "pl": "sprawdzenie hasła udane",
        "en": "password check succeeded",
    },
    "audit.action.password_check_failure": {
        "pl": "sprawdzenie hasła nieudane",
        "en": "password check failed",
    },
    "audit.action.password_check_throttled": {
        "pl": "sprawdzenie hasła wstrzymane",
        "en": "password check paused",
    },
    "audit.entity.department": {"pl": "wydział", "en": "department"},
    "audit.entity.employee": {"pl": "pracownik", "en": "employee"},
    "audit.entity.user": {"pl": "konto", "en": "account"},
    "audit.entity.observation": {"pl": "obserwacja", "en": "observation"},
    "audit.entity.kiosk": {"pl": "kiosk", "en": "kiosk"},
    "audit.entity.client_rating": {"pl": "ocena Klienta", "en": "client rating"},
    "audit.entity.conversation": {"pl": "rozmowa okresowa", "en": "periodic conversation"},
    "audit.entity.database": {"pl": "baza danych", "en": "database"},
    "audit.entity.demo_data": {"pl": "dane pokazowe", "en": "demo data"},
    "audit.entity.dashboard_export": {"pl": "eksport z pulpitu", "en": "dashboard export"},
    "audit.entity.period_export": {"pl": "eksport poleceniem jakosc export", "en": "jakosc export command"},
    "audit.entity.ack_register": {"pl": "rejestr potwierdzeń", "en": "acknowledgement register"},
    "audit.entity.ack_forms": {"pl": "formularze potwierdzeń", "en": "acknowledgement forms"},
    "audit.entity.employee_scores": {
        "pl": "wyniki pracowników na pulpicie",
        "en": "employees' results on the dashboard",
    },
    "audit.entity.conversation_prefill": {
        "pl": "wyniki pracownika do rozmowy okresowej",
        "en": "employee's results for a periodic conversation",
    },
    # issue 13: the audit log in words, kiosks switched off and on, the public address
    "audit.entity.setting": {"pl": "ustawienie", "en": "setting"},
    "audit.entity.audit_log": {"pl": "dziennik zmian", "en": "audit log"},
    "audit.setting.public_url": {"pl": "adres publiczny aplikacji", "en": "the app's public address"},
    "audit.action.restore": {"pl": "ponowne włączenie", "en": "switched on again"},
    "audit.deleted": {"pl": "usunięto", "en": "deleted"},
    "audit.yes": {"pl": "tak", "en": "yes"},
    "audit.no": {"pl": "nie", "en": "no"},
    "audit.since": {"pl": "od {day}", "en": "from {day}"},
    "audit.until": {"pl": "do {day}", "en": "until {day}"},
    "audit.filter.action": {"pl": "czynność: {action}", "en": "action: {action}"},
    "audit.filter.actor": {"pl": "kto: {actor}", "en": "who: {actor}"},
    "audit.filter.entity": {"pl": "obiekt: {entity}", "en": "object: {entity}"},
    "audit.field.code": {"pl": "kod", "en": "code"},
    "audit.field.name": {"pl": "nazwa", "en": "name"},
    "audit.field.active": {"pl": "aktywny", "en": "active"},
    "audit.field.first_name": {"pl": "imię", "en": "first name"},
    "audit.field.last_name": {"pl": "nazwisko", "en": "last name"},
    "audit.field.position": {"pl": "stanowisko", "en": "position"},
    "audit.field.email": {"pl": "e-mail", "en": "e-mail"},
    "audit.field.department_id": {"pl": "wydział", "en": "department"},
    "audit.field.department_ids": {"pl": "wydziały", "en": "departments"},
    "audit.field.employee_id": {"pl": "pracownik", "en": "employee"},
    "audit.field.login": {"pl": "login", "en": "login"},
    "audit.field.role": {"pl": "rola", "en": "role"},
    "audit.field.display_name": {"pl": "imię i nazwisko", "en": "full name"},
    "audit.field.language": {"pl": "język", "en": "language"},
    "audit.field.item_id": {"pl": "pozycja listy", "en": "checklist item"},
    "audit.field.answer": {"pl": "odpowiedź", "en": "answer"},
    "audit.field.comment": {"pl": "komentarz", "en": "comment"},
    "audit.field.notes_good": {"pl": "co poszło dobrze", "en": "what went well"},
    "audit.field.notes_improve": {"pl": "co poprawić", "en": "what to improve"},
    "audit.field.status": {"pl": "stan", "en": "status"},
    "audit.field.reason": {"pl": "powód", "en": "reason"},
    "audit.field.handbook_version": {"pl": "wersja podręcznika", "en": "handbook version"},
    "audit.field.on": {"pl": "data", "en": "date"},
    "audit.field.method": {"pl": "sposób", "en": "how"},
    "audit.field.supervisor_id": {"pl": "przełożony", "en": "supervisor"},
    "audit.field.observer_id": {"pl": "obserwator", "en": "observer"},
    "audit.field.held_on": {"pl": "data rozmowy", "en": "held on"},
    "audit.field.goals": {"pl": "cele (liczba)", "en": "goals (number)"},
    "audit.field.goal_assessments": {"pl": "oceny celów (liczba)", "en": "goal assessments (number)"},
    "audit.field.training_needs": {"pl": "potrzeby szkoleniowe", "en": "training needs"},
    "audit.field.notes": {"pl": "notatki", "en": "notes"},
    "audit.field.next_on": {"pl": "następna rozmowa", "en": "next conversation"},
    "audit.field.client": {"pl": "adres komputera", "en": "computer's address"},
    "audit.field.cleared": {"pl": "skasowane nieudane próby", "en": "failed attempts cleared"},
    "audit.field.burst_review": {"pl": "decyzja", "en": "decision"},
    "audit.field.value": {"pl": "wartość", "en": "value"},
    "audit.field.cutoff": {"pl": "dane sprzed", "en": "data before"},
    "audit.field.observations": {"pl": "obserwacje", "en": "observations"},
    "audit.field.conversations": {"pl": "rozmowy okresowe", "en": "periodic conversations"},
    "audit.field.audit_entries": {"pl": "wpisy dziennika", "en": "audit entries"},
    "audit.field.kind": {"pl": "rodzaj", "en": "kind"},
    "audit.field.from": {"pl": "od", "en": "from"},
    "audit.field.to": {"pl": "do", "en": "to"},
    "audit.field.seed": {"pl": "ziarno losowania", "en": "random seed"},
    "audit.field.departments": {"pl": "wydziały", "en": "departments"},
    "audit.field.employees": {"pl": "pracownicy", "en": "employees"},
    "audit.field.users": {"pl": "konta", "en": "accounts"},
    "audit.field.client_ratings": {"pl": "oceny Klientów", "en": "client ratings"},
    "audit.field.observation_answers": {"pl": "odpowiedzi", "en": "answers"},
    "audit.value.status.draft": {"pl": "szkic", "en": "draft"},
    "audit.value.status.sent": {"pl": "wysłana", "en": "sent"},
    "audit.value.status.deleted": {"pl": "usunięta", "en": "deleted"},
    "audit.value.status.none": {"pl": "bez komentarza", "en": "no comment"},
    "audit.value.status.pending": {"pl": "czeka na moderację", "en": "awaiting moderation"},
    "audit.value.status.approved": {"pl": "zatwierdzony", "en": "approved"},
    "audit.value.status.hidden": {"pl": "ukryty", "en": "hidden"},
    "audit.value.burst_review.approved": {"pl": "zatwierdzona – liczy się", "en": "approved – it counts"},
    "audit.value.burst_review.rejected": {
        "pl": "odrzucona – nie liczy się",
        "en": "rejected – it does not count",
    },
    "audit.value.language.pl": {"pl": "polski", "en": "Polish"},
    "audit.value.language.en": {"pl": "angielski", "en": "English"},
    "audit.value.language.uk": {"pl": "ukraiński", "en": "Ukrainian"},
    "audit.value.method.self": {"pl": "w aplikacji", "en": "in the app"},
    "audit.value.method.paper": {"pl": "formularz papierowy", "en": "paper form"},
    "audit.value.channel.kiosk": {"pl": "kiosk", "en": "kiosk"},
    "audit.value.channel.qr": {"pl": "kod QR", "en": "QR code"},
    # --- paper questionnaires (issue 16 item 2): the entry page, the channel filter and its labels
    "channel.kiosk": {"pl": "kiosk", "en": "kiosk"},
    "channel.qr": {"pl": "kod QR", "en": "QR code"},
    "channel.paper": {"pl": "papier", "en": "paper"},
    "audit.value.channel.paper": {"pl": "papier", "en": "paper"},
    "audit.action.enter_paper": {"pl": "wpisanie ankiety papierowej", "en": "paper questionnaire entered"},
    "audit.field.channel": {"pl": "kanał", "en": "channel"},
    "audit.field.overall": {"pl": "ocena ogólna", "en": "overall rating"},
    "nav.paper_survey": {"pl": "Ankiety papierowe", "en": "Paper questionnaires"},
    "paper.title": {"pl": "Ankiety papierowe", "en": "Paper questionnaires"},
    "paper.intro": {
        "pl": "Przepisz ankiety wypełnione przez Klientów na papierze. Wydział i datę wybierasz raz – zostają "
        "dla kolejnych ankiet. Enter zapisuje ankietę i czyści pole.",
        "en": "Type in the questionnaires clients filled in on paper. Choose the department and the date once: "
        "they stay for the next questionnaires. Enter saves the questionnaire and clears the field.",
    },
    "paper.download": {
        "pl": "Pobierz kwestionariusz do druku (PDF)",
        "en": "Download the questionnaire to print (PDF)",
    },
    "paper.no_departments": {
        "pl": "Nie masz wydziałów, dla których można wpisywać ankiety.",
        "en": "You have no departments to enter questionnaires for.",
    },
    "paper.choose_department": {"pl": "Wybierz wydział", "en": "Choose a department"},
    "paper.date": {"pl": "Data ankiety", "en": "Questionnaire date"},
    "paper.date_help": {
        "pl": "Dzień, w którym Klient wypełnił ankietę: od roku temu do dzisiaj.",
        "en": "The day the client filled in the questionnaire: from a year ago to today.",
    },
    "paper.answers": {"pl": "Odpowiedzi", "en": "Answers"},
    "paper.answers_placeholder": {"pl": "np. 5 4 4 5 3 5 t", "en": "e.g. 5 4 4 5 3 5 t"},
    "paper.format": {
        "pl": "Kolejno jak na ankiecie: ocena ogólna, czas, sposób obsługi, warunki, druki, informacja (cyfry 1–5), "
        "na końcu „czy sprawa załatwiona”: t – tak, n – nie, c – częściowo. Brak odpowiedzi: 0 albo -. "
        "Spacje nieobowiązkowe: 5 4 4 5 3 5 t albo 544535t.",
        "en": "In the questionnaire's order: overall, time, manner, conditions, forms, information (digits 1–5), "
        "then “was the matter settled”: t – yes, n – no, c – partly. No answer: 0 or -. "
        "Spaces are optional: 5 4 4 5 3 5 t or 544535t.",
    },
    "paper.comment": {"pl": "Komentarz Klienta (opcjonalnie)", "en": "Client's comment (optional)"},
    "paper.comment_help": {
        "pl": "Przepisz komentarz z ankiety. Dane osobowe (PESEL, telefony, e-maile) zostaną usunięte, "
        "a komentarz trafi do moderacji.",
        "en": "Copy the comment from the questionnaire. Personal data (PESEL, phone numbers, e-mails) are "
        "removed and the comment goes to moderation.",
    },
    "paper.save": {"pl": "Zapisz ankietę (Enter)", "en": "Save the questionnaire (Enter)"},
    "paper.saved": {
        "pl": "Zapisano: {answers} – {department}, {day}.",
        "en": "Saved: {answers} – {department}, {day}.",
    },
    "paper.scrubbed": {
        "pl": "Z komentarza usunięto dane osobowe.",
        "en": "Personal data were removed from the comment.",
    },
    "paper.undo": {"pl": "Cofnij ostatnią", "en": "Undo the last one"},
    "paper.undone": {
        "pl": "Cofnięto ostatnią ankietę: {answers}.",
        "en": "The last questionnaire was undone: {answers}.",
    },
    "paper.session_count": {
        "pl": "Ankiety zapisane w tej sesji: {count}.",
        "en": "Questionnaires saved in this session: {count}.",
    },
    "paper.short.overall": {"pl": "ogólna", "en": "overall"},
    "paper.short.rating_time": {"pl": "czas", "en": "time"},
    "paper.short.rating_manner": {"pl": "sposób", "en": "manner"},
    "paper.short.rating_conditions": {"pl": "warunki", "en": "conditions"},
    "paper.short.rating_forms": {"pl": "druki", "en": "forms"},
    "paper.short.rating_information": {"pl": "informacja", "en": "information"},
    "paper.short.settled": {"pl": "załatwiona", "en": "settled"},
    "paper.settled.yes": {"pl": "tak", "en": "yes"},
    "paper.settled.no": {"pl": "nie", "en": "no"},
    "paper.settled.partly": {"pl": "częściowo", "en": "partly"},
    "paper.no_answer": {"pl": "brak", "en": "none"},
    "dash.channels": {"pl": "Kanał", "en": "Channel"},
    "dash.all_channels": {"pl": "Wszystkie kanały", "en": "All channels"},
    "dash.by_channel": {"pl": "Oceny według kanału: {counts}.", "en": "Ratings by channel: {counts}."},
    "dash.hours_no_paper": {
        "pl": "Bez ankiet papierowych: mają tylko datę wypełnienia, bez godziny.",
        "en": "Paper questionnaires are left out: they carry the date only, not the hour.",
    },
    "audit.whole_log": {"pl": "cały dziennik, bez filtrów", "en": "the whole log, no filters"},
    "audit.filter_entity_all": {"pl": "wszystkie obiekty", "en": "all objects"},
    "audit.filter_action_all": {"pl": "wszystkie czynności", "en": "all actions"},
    "audit.filter_actor_all": {"pl": "wszyscy", "en": "everyone"},
    "audit.period_filter": {"pl": "Okres", "en": "Period"},
    "audit.page_of": {"pl": "{count} · strona {page} z {pages}", "en": "{count} · page {page} of {pages}"},
    "audit.newer": {"pl": "Nowsze wpisy", "en": "Newer entries"},
    "audit.older": {"pl": "Starsze wpisy", "en": "Older entries"},
    "audit.table": {"pl": "Wpisy dziennika zmian", "en": "Audit log entries"},
    "audit.reading_logged": {
        "pl": "Puste pole „Okres” oznacza cały dziennik. Przeglądanie dziennika też zapisuje się w dzienniku "
        "(kto i z jakimi filtrami).",
        "en": "An empty “Period” means the whole log. Reading the log is recorded in the log too "
        "(who, with which filters).",
    },
    "admin.kiosks.address": {"pl": "Adres publiczny aplikacji", "en": "The app's public address"},
    "admin.kiosks.address_help": {
        "pl": "Adres, pod którym telefony Klientów i kioski otwierają aplikację w sieci urzędu; trafia na "
        "plakaty z kodem QR i do adresów kiosków.",
        "en": "The address at which clients' phones and kiosks open the app on the office's network; it is "
        "printed on QR posters and in kiosk addresses.",
    },
    "admin.kiosks.address_save": {"pl": "Zapisz adres", "en": "Save the address"},
    "admin.kiosks.address_saved": {
        "pl": "Zapisano adres publiczny: {url}",
        "en": "Public address saved: {url}",
    },
    "admin.kiosks.address_in_use": {
        "pl": "Plakaty i adresy kiosków prowadzą do: {url}",
        "en": "Posters and kiosk addresses lead to: {url}",
    },
    "admin.kiosks.address_env": {
        "pl": "Adres ustawia zmienna środowiskowa JAKOSC_PUBLIC_URL ({url}); ma pierwszeństwo przed adresem "
        "zapisanym tutaj. Zapisany adres zacznie obowiązywać, gdy zmienna zostanie usunięta.",
        "en": "The environment variable JAKOSC_PUBLIC_URL sets the address ({url}); it takes precedence over "
        "the address saved here, which applies once the variable is removed.",
    },
    "admin.kiosks.address_unset": {
        "pl": "Adres publiczny nie jest ustawiony. Do tego czasu nie można pobrać plakatów ani zarejestrować "
        "kiosku: ich adresy prowadziłyby do tego komputera i nie otworzyłyby się na telefonie Klienta ani na kiosku.",
        "en": "The public address is not set. Until it is, posters cannot be downloaded and kiosks cannot be "
        "registered: their addresses would lead to this computer and open nowhere else.",
    },
    "admin.kiosks.address_local": {
        "pl": "Adres publiczny {url} wskazuje na ten komputer (localhost). Plakaty i adresy kiosków są "
        "wstrzymane, bo nie otworzyłyby się na telefonie Klienta ani na kiosku.",
        "en": "The public address {url} points at this computer (localhost). Posters and kiosk addresses are "
        "withheld: they would open nowhere else.",
    },
    "admin.kiosks.address_invalid": {
        "pl": "Adres publiczny {url} jest nieprawidłowy: {error} Plakaty i adresy kiosków są wstrzymane.",
        "en": "The public address {url} is invalid: {error} Posters and kiosk addresses are withheld.",
    },
    "admin.kiosks.address_needed": {
        "pl": "Najpierw ustaw adres publiczny aplikacji (wyżej).",
        "en": "Set the app's public address first (above).",
    },
    "admin.kiosks.revoke_confirm": {
        "pl": "Wyłączyć kiosk „{name}”? Jego adres przestanie otwierać ankietę. Można go potem włączyć ponownie.",
        "en": "Switch off the kiosk “{name}”? Its address will stop opening the form. You can switch it on again.",
    },
    "admin.kiosks.revoke_yes": {"pl": "Tak, wyłącz", "en": "Yes, switch off"},
    "admin.kiosks.revoke_no": {"pl": "Anuluj", "en": "Cancel"},
    "admin.kiosks.revoked_done": {
        "pl": "Kiosk „{name}” wyłączony – jego adres nie otwiera już ankiety. Przycisk „Włącz” cofa tę zmianę.",
        "en": "Kiosk “{name}” switched off: its address no longer opens the form. “Switch on” undoes this.",
    },
    "admin.kiosks.restore": {"pl": "Włącz", "en": "Switch on"},
    "admin.kiosks.restored_done": {
        "pl": "Kiosk „{name}” włączony ponownie – jego dotychczasowy adres znów otwiera ankietę.",
        "en": "Kiosk “{name}” switched on again: its address opens the form again.",
    },
    # observation plan (issue 15, item 4) ------------------------------------------------------
    "nav.observation_plan": {"pl": "Plan obserwacji", "en": "Observation plan"},
    "plan.title": {"pl": "Plan obserwacji", "en": "Observation plan"},
    "plan.quarter": {"pl": "Kwartał", "en": "Quarter"},
    "plan.quarter_name": {"pl": "{number} kwartał {year}", "en": "Q{number} {year}"},  # pl: I–IV
    "plan.counting": {
        "pl": "Liczą się wysłane obserwacje z kwartału (bez powtórzeń kalibracyjnych), u każdego pracownika "
        "najwyżej tyle, ile przewiduje plan: pięć obserwacji jednej osoby nie zastąpi obserwacji kogoś, "
        "kogo nie obserwowano. Plan obejmuje aktywnych pracowników wydziału na cały kwartał, także "
        "przyjętych w jego trakcie.",
        "en": "Sent observations of the quarter count (not calibration repeats), for each employee at most "
        "as many as planned: five observations of one person do not make up for someone never observed. "
        "The plan covers the department's active employees for the whole quarter, also those who joined "
        "during it.",
    },
    "plan.read_only": {
        "pl": "Plan ustala kierownictwo; tutaj widzisz postęp swoich wydziałów.",
        "en": "Management sets the plan; here you see your departments' progress.",
    },
    "plan.past": {
        "pl": "Ten kwartał minął – jego plan można tylko przeglądać.",
        "en": "This quarter is over: its plan can only be viewed.",
    },
    "plan.no_departments": {"pl": "Nie masz przypisanych wydziałów.", "en": "You have no departments."},
    "plan.column.done": {"pl": "Wykonanie planu", "en": "Plan completion"},
    "plan.column.due": {"pl": "Osoby do obserwacji", "en": "People due"},
    "plan.column.unobserved": {
        "pl": "Standardy bez obserwacji w kwartale",
        "en": "Standards not observed this quarter",
    },
    "plan.column.employee": {"pl": "Pracownik", "en": "Employee"},
    "plan.column.last": {"pl": "Ostatnia obserwacja", "en": "Last observation"},
    "plan.done_of": {"pl": "{done} z {planned}", "en": "{done} of {planned}"},
    "plan.no_plan": {"pl": "brak planu", "en": "no plan"},
    "plan.never": {"pl": "nigdy", "en": "never"},
    "plan.department_heading": {"pl": "{name}: {done}", "en": "{name}: {done}"},
    "plan.per_employee": {"pl": "{kind}: {n} na pracownika", "en": "{kind}: {n} per employee"},
    "plan.per_department": {"pl": "{kind}: {n} na wydział", "en": "{kind}: {n} per department"},
    "plan.plan_line": {
        "pl": "Plan ({employees} prac.): {items}.",
        "en": "Plan ({employees} employees): {items}.",
    },
    "plan.due": {
        "pl": "Do obserwacji – najdłużej nieobserwowani najpierw:",
        "en": "Due for observation – least recently observed first:",
    },
    "plan.nobody_due": {
        "pl": "Każdy pracownik ma plan na ten kwartał wykonany.",
        "en": "Every employee has done their plan for this quarter.",
    },
    "plan.unobserved_in_quarter": {
        "pl": "Standardy bez obserwacji w tym kwartale: {names}.",
        "en": "Standards not observed this quarter: {names}.",
    },
    "plan.all_observed_in_quarter": {
        "pl": "W tym kwartale obserwowano każdy standard.",
        "en": "Every standard was observed this quarter.",
    },
    "plan.never_observed": {
        "pl": "Standardy nigdy nieobserwowane w wydziale: {names}.",
        "en": "Standards never observed in the department: {names}.",
    },
    "plan.input_per_employee": {"pl": "{kind} – na pracownika", "en": "{kind} – per employee"},
    "plan.input_per_department": {"pl": "{kind} – na wydział", "en": "{kind} – per department"},
    "plan.save": {"pl": "Zapisz plan", "en": "Save the plan"},
    "plan.saved": {"pl": "Zapisano plan: {name}, {quarter}.", "en": "Plan saved: {name}, {quarter}."},
    "plan.unchanged": {"pl": "Plan się nie zmienił.", "en": "The plan has not changed."},
    "plan.copy": {
        "pl": "Skopiuj plan z poprzedniego kwartału",
        "en": "Copy the previous quarter's plan",
    },
    "plan.copy_help": {
        "pl": "Wydziały bez planu na {quarter} dostaną plan z poprzedniego kwartału ({previous}); "
        "plany już ustalone zostają.",
        "en": "Departments with no plan for {quarter} get the one of the previous quarter ({previous}); "
        "plans already set stay.",
    },
    "plan.copied": {
        "pl": "Skopiowano plan z poprzedniego kwartału; wydziały z nowym planem: {count}.",
        "en": "The previous quarter's plan copied; departments with a new plan: {count}.",
    },
    "plan.copied_none": {
        "pl": "Każdy wydział miał już plan na ten kwartał – niczego nie skopiowano.",
        "en": "Every department already had a plan for this quarter: nothing was copied.",
    },
    "audit.entity.observation_plan": {"pl": "plan obserwacji", "en": "observation plan"},
    "audit.field.quarter": {"pl": "kwartał", "en": "quarter"},
    "audit.field.plan_in_person": {
        "pl": "plan: obsługa bezpośrednia (na pracownika)",
        "en": "plan: in-person service (per employee)",
    },
    "audit.field.plan_phone": {
        "pl": "plan: rozmowa telefoniczna (na pracownika)",
        "en": "plan: phone call (per employee)",
    },
    "audit.field.plan_premises": {
        "pl": "plan: audyt stanowiska i informacji (na wydział)",
        "en": "plan: premises and information audit (per department)",
    },
    # improvement actions (issue 15, part 1) ----------------------------------------------------
    "nav.actions": {"pl": "Działania", "en": "Actions"},
    "actions.title": {"pl": "Działania doskonalące", "en": "Improvement actions"},
    "actions.counts": {
        "pl": "Otwarte: {open} · Po terminie: {overdue} · Zamknięte w tym kwartale: {closed}",
        "en": "Open: {open} · Overdue: {overdue} · Closed this quarter: {closed}",
    },
    "actions.my_overdue": {
        "pl": "Twoje działania po terminie ({count}):",
        "en": "Your overdue actions ({count}):",
    },
    "actions.overdue_line": {
        "pl": "{title} ({department}), termin {due}",
        "en": "{title} ({department}), due {due}",
    },
    "actions.filter_status": {"pl": "Status", "en": "Status"},
    "actions.all_statuses": {"pl": "Wszystkie statusy", "en": "All statuses"},
    "actions.only_mine": {"pl": "Tylko moje", "en": "Only mine"},
    "actions.none": {"pl": "Brak działań do pokazania.", "en": "No actions to show."},
    "actions.column.what": {"pl": "Co zrobić", "en": "What"},
    "actions.column.why": {"pl": "Dlaczego", "en": "Why"},
    "actions.column.standard": {"pl": "Standard / pozycja", "en": "Standard / item"},
    "actions.column.owner": {"pl": "Odpowiedzialny", "en": "Owner"},
    "actions.column.due": {"pl": "Termin", "en": "Due date"},
    "actions.column.status": {"pl": "Status", "en": "Status"},
    "actions.column.source": {"pl": "Źródło", "en": "Source"},
    "actions.status.open": {"pl": "otwarte", "en": "open"},
    "actions.status.in_progress": {"pl": "w realizacji", "en": "in progress"},
    "actions.status.closed": {"pl": "zamknięte", "en": "closed"},
    "actions.status.cancelled": {"pl": "anulowane", "en": "cancelled"},
    "actions.overdue_marker": {"pl": "po terminie", "en": "overdue"},
    "actions.source.observation_item": {"pl": "pozycja niespełniona w obserwacji", "en": "item not met"},
    "actions.source.heatmap_cell": {"pl": "pole mapy cieplnej", "en": "heat-map cell"},
    "actions.source.client_comment": {"pl": "komentarz Klienta", "en": "client comment"},
    "actions.source.conversation_goal": {"pl": "cel z rozmowy okresowej", "en": "conversation goal"},
    "actions.source.other": {"pl": "inne", "en": "other"},
    "actions.new": {"pl": "Nowe działanie", "en": "New action"},
    "actions.standard_optional": {"pl": "Standard (opcjonalnie)", "en": "Standard (optional)"},
    "actions.item_optional": {"pl": "Pozycja (opcjonalnie)", "en": "Item (optional)"},
    "actions.choose_owner": {"pl": "Wybierz odpowiedzialnego", "en": "Choose the owner"},
    "actions.no_departments": {
        "pl": "Nie masz wydziałów, w których można zaplanować działanie.",
        "en": "You have no departments to plan an action in.",
    },
    "actions.from_heatmap": {
        "pl": "Działanie dla pola mapy cieplnej, okres {period}.",
        "en": "Action for a heat-map cell, period {period}.",
    },
    "actions.link_department_ignored": {
        "pl": "Wydział z odnośnika nie należy do Twoich wydziałów – pominięto go.",
        "en": "The link's department is not one of yours: it was ignored.",
    },
    "actions.link_standard_ignored": {
        "pl": "Standard z odnośnika nie istnieje – pominięto go.",
        "en": "The link's standard does not exist: it was ignored.",
    },
    "actions.create": {"pl": "Zapisz działanie", "en": "Save the action"},
    "actions.created": {"pl": "Zapisano działanie „{title}”.", "en": "Action “{title}” saved."},
    "actions.change": {"pl": "Zmień działanie", "en": "Change an action"},
    "own.actions": {"pl": "Działania doskonalące dotyczące mnie", "en": "Improvement actions concerning me"},
    "own.action_due": {"pl": "termin {due}", "en": "due {due}"},
    "own.action_done": {"pl": "Co zrobiono: {note}", "en": "What was done: {note}"},
    "actions.training": {
        "pl": "**Szkolenia do tego działania:** {count}",
        "en": "**Training for this action:** {count}",
    },
    "actions.training_line": {"pl": "{employee}: {topic} ({state})", "en": "{employee}: {topic} ({state})"},
    "actions.record_training": {
        "pl": "Zapisz szkolenie do tego działania",
        "en": "Record training for this action",
    },
    "actions.choose_action": {"pl": "Wybierz działanie", "en": "Choose an action"},
    "actions.action": {"pl": "Działanie", "en": "Action"},
    "actions.tab_change": {"pl": "Status, odpowiedzialny, termin", "en": "Status, owner, due date"},
    "actions.tab_close": {"pl": "Zamknij", "en": "Close"},
    "actions.tab_cancel": {"pl": "Anuluj", "en": "Cancel"},
    "actions.changed": {"pl": "Zapisano zmiany działania.", "en": "Action changed."},
    "actions.close_note": {"pl": "Co zrobiono (notatka zamknięcia)", "en": "What was done (closing note)"},
    "actions.close_button": {"pl": "Zamknij działanie", "en": "Close the action"},
    "actions.close_first": {
        "pl": "Zamknąć można działanie w realizacji: najpierw zmień jego status na „w realizacji”.",
        "en": "Only an action in progress can be closed: set its status to “in progress” first.",
    },
    "actions.closed": {"pl": "Działanie zamknięte.", "en": "Action closed."},
    "actions.cancel_reason": {"pl": "Powód anulowania", "en": "Reason for cancelling"},
    "actions.cancel_button": {"pl": "Anuluj działanie", "en": "Cancel the action"},
    "actions.cancelled": {"pl": "Działanie anulowane.", "en": "Action cancelled."},
    "dash.plan_action": {"pl": "Zaplanuj działanie dla tego pola", "en": "Plan an action for this cell"},
    # improvement actions from their sources, effectiveness, overdue (issue 15, items 1 and 2) -----
    "actions.source.client_case": {"pl": "sprawa Klienta", "en": "client case"},
    "actions.column.open_source": {"pl": "Zobacz źródło", "en": "See the source"},
    "actions.open_source": {"pl": "otwórz", "en": "open"},
    "actions.why.observation_item": {"pl": "obserwacja z {date}", "en": "observation of {date}"},
    "actions.why.conversation_goal": {"pl": "rozmowa okresowa z {date}", "en": "conversation of {date}"},
    "actions.why.client_comment": {"pl": "komentarz Klienta z {date}", "en": "client comment of {date}"},
    "actions.why.client_case": {"pl": "sprawa Klienta z {date}", "en": "client case of {date}"},
    "actions.why.heatmap_cell": {"pl": "pole mapy cieplnej, okres {period}", "en": "heat-map cell, {period}"},
    "actions.from.observation_item": {
        "pl": "Działanie z obserwacji z {date}.",
        "en": "Action from the observation of {date}.",
    },
    "actions.from.conversation_goal": {
        "pl": "Działanie z celu rozmowy okresowej z {date}.",
        "en": "Action from a goal of the conversation of {date}.",
    },
    "actions.from.client_comment": {
        "pl": "Działanie z komentarza Klienta z {date}.",
        "en": "Action from a client's comment of {date}.",
    },
    "actions.from.client_case": {
        "pl": "Działanie ze sprawy Klienta z {date}.",
        "en": "Action from a client case of {date}.",
    },
    "actions.item_not_met": {"pl": "Pozycja niespełniona: „{item}”.", "en": "Item not met: “{item}”."},
    "actions.link_source_unknown": {
        "pl": "Nieznane źródło w odnośniku – pominięto je.",
        "en": "The link's source is unknown: it was ignored.",
    },
    "actions.link_source_ignored": {
        "pl": "Źródło z odnośnika nie istnieje albo nie należy do Twoich wydziałów – pominięto je.",
        "en": "The link's source does not exist or is not in your departments: it was ignored.",
    },
    "actions.link_item_ignored": {
        "pl": "Pozycja z odnośnika nie należy do standardu – pominięto ją.",
        "en": "The link's item is not in the standard: it was ignored.",
    },
    "actions.link_employee_ignored": {
        "pl": "Pracownik z odnośnika nie należy do wydziału – pominięto go.",
        "en": "The link's employee is not in the department: they were ignored.",
    },
    "actions.employee_optional": {"pl": "Pracownik (opcjonalnie)", "en": "Employee (optional)"},
    "actions.choose_employee": {"pl": "Cały wydział", "en": "The whole department"},
    "actions.plan": {"pl": "Zaplanuj działanie", "en": "Plan an action"},
    "actions.plan_item": {"pl": "Zaplanuj działanie: {item}", "en": "Plan an action: {item}"},
    "actions.offer_critical": {
        "pl": "Naruszenie krytyczne: „{item}”. Zaplanuj działanie, aby się nie powtórzyło.",
        "en": "Critical breach: “{item}”. Plan an action so that it does not happen again.",
    },
    "actions.offer_others": {"pl": "Pozycje niespełnione", "en": "Items not met"},
    "actions.effectiveness": {
        "pl": "Skuteczność zamkniętych działań",
        "en": "Effectiveness of closed actions",
    },
    "actions.effectiveness_help": {
        "pl": "Wynik standardu (albo odsetek spełnienia pozycji) w wydziale lub u pracownika: 90 dni przed "
        "zaplanowaniem działania i do 90 dni od jego zamknięcia, z przedziałem ufności 95% i regułą "
        "minimalnej liczby obserwacji, jak na pulpicie. Poprawa: cały przedział „po” leży powyżej "
        "przedziału „przed”.",
        "en": "The standard's score (or the item's share met) in the department or for the employee: 90 "
        "days before the action was planned and up to 90 days from its closure, with the 95% interval and "
        "the minimum number of observations, as on the dashboard. Improvement: the whole “after” interval "
        "lies above the “before” one.",
    },
    "actions.before": {"pl": "Przed", "en": "Before"},
    "actions.after": {"pl": "Po", "en": "After"},
    "actions.verdict": {"pl": "Ocena skuteczności", "en": "Verdict"},
    "actions.window": {"pl": "{start}–{end}: {score}", "en": "{start}–{end}: {score}"},
    "actions.window_running": {
        "pl": "okno po zamknięciu trwa do {end}; dotąd: {score}",
        "en": "the window after closure runs until {end}; so far: {score}",
    },
    "actions.verdict.improved": {"pl": "poprawa", "en": "improved"},
    "actions.verdict.no_change": {"pl": "bez zmian", "en": "no change"},
    "actions.verdict.worse": {"pl": "pogorszenie", "en": "worse"},
    "actions.verdict.too_few": {"pl": "za mało obserwacji", "en": "too few observations"},
    "home.actions_overdue": {
        "pl": "Masz działania po terminie: {count}.",
        "en": "You have overdue actions: {count}.",
    },
    "home.actions_due_soon": {
        "pl": "Działania z terminem w ciągu tygodnia: {count}.",
        "en": "Actions due within a week: {count}.",
    },
    "home.office_overdue": {
        "pl": "Działania po terminie w całym urzędzie: {count}.",
        "en": "Overdue actions in the whole office: {count}.",
    },
    "home.open_actions": {"pl": "Otwórz działania doskonalące", "en": "Open improvement actions"},
    "dash.plan_line": {
        "pl": "Plan obserwacji: {done} z {planned}",
        "en": "Observation plan: {done} of {planned}",
    },
    "dash.actions_line": {
        "pl": "Działania: otwarte {open}, po terminie {overdue}, zamknięte w tym kwartale {closed}",
        "en": "Actions: open {open}, overdue {overdue}, closed this quarter {closed}",
    },
    # training register (issue 15, part 3) -------------------------------------------------------
    "nav.training": {"pl": "Szkolenia", "en": "Training"},
    "training.title": {"pl": "Szkolenia", "en": "Training"},
    "training.all_departments": {"pl": "Wszystkie wydziały", "en": "All departments"},
    "training.all_employees": {"pl": "Wszyscy pracownicy", "en": "All employees"},
    "training.all_kinds": {"pl": "Wszystkie rodzaje", "en": "All kinds"},
    "training.all_statuses": {"pl": "Wszystkie stany", "en": "All states"},
    "training.kind": {"pl": "Rodzaj", "en": "Kind"},
    "training.kind.workplace": {"pl": "szkolenie stanowiskowe", "en": "workplace training"},
    "training.kind.request": {"pl": "wniosek o szkolenie", "en": "training request"},
    "training.status": {"pl": "Stan", "en": "State"},
    "training.status.requested": {"pl": "wniosek czeka na decyzję", "en": "request awaiting a decision"},
    "training.status.held": {"pl": "odbyte", "en": "held"},
    "training.status.rejected": {"pl": "wniosek odrzucony", "en": "request rejected"},
    "training.state.workplace": {"pl": "odbyte {held}", "en": "held on {held}"},
    "training.state.requested": {
        "pl": "wniosek z {requested}, czeka na decyzję",
        "en": "requested on {requested}, awaiting a decision",
    },
    "training.state.request_held": {
        "pl": "odbyte {held} (wniosek z {requested})",
        "en": "held on {held} (requested on {requested})",
    },
    "training.state.rejected": {
        "pl": "wniosek z {requested} odrzucony {decided}: {reason}",
        "en": "requested on {requested}, rejected on {decided}: {reason}",
    },
    "training.none": {"pl": "Brak szkoleń do pokazania.", "en": "No training to show."},
    "training.topic": {"pl": "Temat", "en": "Topic"},
    "training.standards": {"pl": "Standardy podręcznika", "en": "Handbook standards"},
    "training.held_by": {"pl": "Kto przeprowadził", "en": "Held by"},
    "training.notes": {"pl": "Uwagi", "en": "Notes"},
    "training.notes_optional": {"pl": "Uwagi (opcjonalnie)", "en": "Notes (optional)"},
    "training.column.action": {"pl": "Działanie doskonalące", "en": "Improvement action"},
    "training.column.goal": {"pl": "Cel z rozmowy okresowej", "en": "Periodic conversation goal"},
    "training.goal_label": {"pl": "{date} – {standard}: {text}", "en": "{date} – {standard}: {text}"},
    "training.new": {"pl": "Zapisz szkolenie lub wniosek", "en": "Record training or a request"},
    "training.no_employees": {
        "pl": "Nie ma pracowników, dla których możesz zapisać szkolenie.",
        "en": "There are no employees you may record training for.",
    },
    "training.employees": {"pl": "Pracownicy", "en": "Employees"},
    "training.choose_employees": {"pl": "Wybierz pracowników", "en": "Choose employees"},
    "training.held_on": {"pl": "Data szkolenia", "en": "Date of the training"},
    "training.requested_on": {"pl": "Data złożenia wniosku", "en": "Date of the request"},
    "training.choose_trainer": {"pl": "Wybierz prowadzącego", "en": "Choose who held it"},
    "training.choose_standards": {"pl": "Wybierz standardy", "en": "Choose standards"},
    "training.action_optional": {
        "pl": "Działanie doskonalące (opcjonalnie)",
        "en": "Improvement action (optional)",
    },
    "training.no_action": {"pl": "Bez powiązania z działaniem", "en": "Not linked to an action"},
    "training.goal_optional": {
        "pl": "Cel z rozmowy okresowej (opcjonalnie)",
        "en": "Periodic conversation goal (optional)",
    },
    "training.no_goal": {"pl": "Bez powiązania z celem", "en": "Not linked to a goal"},
    "training.save": {"pl": "Zapisz szkolenie", "en": "Save the training"},
    "training.saved": {
        "pl": "Zapisano w rejestrze szkoleń (wpisy: {count}).",
        "en": "Saved in the training register (records: {count}).",
    },
    "training.link_employee_ignored": {
        "pl": "Pracownik z odnośnika nie należy do Twoich wydziałów – pominięto go.",
        "en": "The employee in the link is not in your departments – ignored.",
    },
    "training.link_action_ignored": {
        "pl": "Działanie z odnośnika nie jest otwartym działaniem wydziału tego pracownika – pominięto je.",
        "en": "The action in the link is not an open action of this employee's department – ignored.",
    },
    "training.link_goal_ignored": {
        "pl": "Cel rozmowy z odnośnika nie dotyczy tego pracownika – pominięto go.",
        "en": "The conversation goal in the link is not this employee's – ignored.",
    },
    "training.decide": {"pl": "Rozpatrz wniosek o szkolenie", "en": "Decide on a training request"},
    "training.request": {"pl": "Wniosek", "en": "Request"},
    "training.choose_request": {"pl": "Wybierz wniosek", "en": "Choose a request"},
    "training.request_label": {"pl": "{employee}: {topic} (z {date})", "en": "{employee}: {topic} ({date})"},
    "training.tab_held": {"pl": "Szkolenie odbyło się", "en": "The training took place"},
    "training.tab_reject": {"pl": "Odrzuć wniosek", "en": "Reject the request"},
    "training.mark_held": {"pl": "Zapisz: szkolenie odbyte", "en": "Save: training held"},
    "training.marked_held": {"pl": "Zapisano: szkolenie odbyte.", "en": "Saved: training held."},
    "training.reject_reason": {"pl": "Powód odrzucenia", "en": "Reason for rejecting"},
    "training.reject_button": {"pl": "Odrzuć wniosek", "en": "Reject the request"},
    "training.rejected": {"pl": "Wniosek odrzucony.", "en": "Request rejected."},
    "talk.training_since": {
        "pl": "Szkolenia od ostatniej rozmowy i wnioski czekające na decyzję – do omówienia",
        "en": "Training since the last conversation and requests awaiting a decision – to talk about",
    },
    "talk.training_none": {
        "pl": "Od ostatniej rozmowy nie zapisano szkoleń ani wniosków o szkolenie.",
        "en": "No training or training requests recorded since the last conversation.",
    },
    "talk.saved_goals": {
        "pl": "Cele ustalone w zapisanej rozmowie – co dalej",
        "en": "Goals set in the saved conversation – next steps",
    },
    "talk.history": {"pl": "Cele z poprzednich rozmów", "en": "Goals of earlier conversations"},
    "talk.history_conversation": {
        "pl": "Rozmowa {date} ({supervisor})",
        "en": "Conversation {date} ({supervisor})",
    },
    "talk.plan_action": {"pl": "Zaplanuj działanie", "en": "Plan an action"},
    "talk.record_training": {"pl": "Zapisz szkolenie", "en": "Record training"},
    "own.training": {"pl": "Moje szkolenia", "en": "My training"},
    "own.training_none": {
        "pl": "Nie ma jeszcze zapisanych szkoleń ani wniosków o szkolenie.",
        "en": "No training or training requests recorded yet.",
    },
    "audit.entity.training": {"pl": "szkolenie", "en": "training"},
    "audit.field.topic": {"pl": "temat", "en": "topic"},
    "audit.field.standard_ids": {"pl": "standardy", "en": "standards"},
    "audit.field.on_date": {"pl": "data", "en": "date"},
    "audit.field.held_by": {"pl": "prowadzący", "en": "held by"},
    "audit.field.decided_on": {"pl": "data decyzji", "en": "decided on"},
    "audit.field.rejection_reason": {"pl": "powód odrzucenia", "en": "reason for rejecting"},
    "audit.field.action_id": {"pl": "działanie doskonalące", "en": "improvement action"},
    "audit.field.conversation_id": {"pl": "rozmowa okresowa", "en": "periodic conversation"},
    "audit.field.goal_index": {"pl": "cel z rozmowy (nr od 0)", "en": "conversation goal (index from 0)"},
    "audit.field.training": {"pl": "szkolenia", "en": "training"},
    "audit.value.status.requested": {"pl": "wniosek złożony", "en": "requested"},
    "audit.value.status.held": {"pl": "odbyte", "en": "held"},
    "audit.value.status.rejected": {"pl": "odrzucony", "en": "rejected"},
    # e-mail notifications (pages/admin_mail.py, the e-mail field of the account pages)
    "nav.admin_mail": {"pl": "Poczta e-mail", "en": "E-mail"},
    "admin.mail.title": {"pl": "Poczta e-mail – powiadomienia", "en": "E-mail notifications"},
    "admin.mail.on": {
        "pl": "Powiadomienia e-mail są włączone: serwer {host}, nadawca {sender}.",
        "en": "E-mail notifications are on: server {host}, sender {sender}.",
    },
    "admin.mail.off": {
        "pl": "Powiadomienia e-mail są wyłączone, dopóki nie zapiszesz serwera SMTP i adresu nadawcy.",
        "en": "E-mail notifications are off until you save the SMTP server and the sender address.",
    },
    "admin.mail.what": {
        "pl": "Aplikacja wysyła e-mailem: przydzielone i przeterminowane działania, nowe i przeterminowane "
        "sprawy Klientów, opóźnienia planu obserwacji (raz w tygodniu) i brakujące potwierdzenia zapoznania "
        "ze standardami (raz w tygodniu). Wiadomość nieprzyjęta przez serwer czeka i jest ponawiana.",
        "en": "The app e-mails: assigned and overdue actions, new and overdue client cases, observation "
        "plans falling behind (weekly) and missing handbook acknowledgements (weekly). A message the server "
        "does not accept waits and is tried again.",
    },
    "admin.mail.settings": {"pl": "Serwer SMTP urzędu", "en": "The office's SMTP server"},
    "admin.mail.host": {"pl": "Serwer SMTP", "en": "SMTP server"},
    "admin.mail.port": {"pl": "Port", "en": "Port"},
    "admin.mail.security": {"pl": "Zabezpieczenie połączenia", "en": "Connection security"},
    "admin.mail.security.starttls": {"pl": "STARTTLS (zwykle port 587)", "en": "STARTTLS (usually port 587)"},
    "admin.mail.security.ssl": {"pl": "SSL/TLS (zwykle port 465)", "en": "SSL/TLS (usually port 465)"},
    "admin.mail.security.none": {
        "pl": "Brak – tylko serwer na tym komputerze",
        "en": "None – only a server on this computer",
    },
    "admin.mail.login": {"pl": "Login do serwera (jeśli wymagany)", "en": "Server login (if required)"},
    "admin.mail.password": {"pl": "Hasło do serwera", "en": "Server password"},
    "admin.mail.password_help": {
        "pl": "Puste pole zostawia zapisane hasło. Hasło nie jest nigdy wyświetlane ani zapisywane w dzienniku zmian.",
        "en": "An empty field keeps the stored password. It is never shown or written to the audit log.",
    },
    "admin.mail.password_env": {
        "pl": "Hasło pochodzi ze zmiennej JAKOSC_SMTP_PASSWORD serwera (ma pierwszeństwo przed zapisanym).",
        "en": "The password comes from the server's JAKOSC_SMTP_PASSWORD variable (it overrides the stored one).",
    },
    "admin.mail.password_stored": {
        "pl": "Hasło jest zapisane (nie jest wyświetlane).",
        "en": "A password is stored (it is not shown).",
    },
    "admin.mail.sender": {"pl": "Adres nadawcy", "en": "Sender address"},
    "admin.mail.digest": {
        "pl": "Zestawienie dzienne: jedna wiadomość dziennie z wszystkimi powiadomieniami",
        "en": "Daily digest: one message a day with all notifications",
    },
    "admin.mail.digest_hour": {"pl": "Godzina zestawienia", "en": "Digest hour"},
    "admin.mail.save": {"pl": "Zapisz ustawienia poczty", "en": "Save e-mail settings"},
    "admin.mail.saved": {"pl": "Zapisano ustawienia poczty.", "en": "E-mail settings saved."},
    "admin.mail.test": {"pl": "Wiadomość próbna", "en": "Test message"},
    "admin.mail.test_to": {"pl": "Adres odbiorcy", "en": "Recipient address"},
    "admin.mail.test_send": {"pl": "Wyślij wiadomość próbną", "en": "Send a test message"},
    "admin.mail.test_queued": {
        "pl": "Wiadomość próbna do {address} czeka na wysłanie (do minuty). Jej stan pokaże lista poniżej "
        "po odświeżeniu strony.",
        "en": "The test message to {address} waits to be sent (up to a minute). Refresh the page to see "
        "its state in the list below.",
    },
    "admin.mail.test_needs_settings": {
        "pl": "Wiadomość próbną można wysłać po zapisaniu serwera SMTP i adresu nadawcy.",
        "en": "A test message can be sent once the SMTP server and the sender are saved.",
    },
    "admin.mail.without_email": {
        "pl": "Aktywne konta bez adresu e-mail (powiadomienia je pomijają): {count} – {logins}. "
        "Adres dodasz na stronie „Konta” albo użytkownik na stronie „Moje konto”.",
        "en": "Active accounts without an e-mail address (notifications skip them): {count} – {logins}. "
        "Add it on the Accounts page, or the user does on My account.",
    },
    "admin.mail.everyone_has_email": {
        "pl": "Każde aktywne konto ma adres e-mail.",
        "en": "Every active account has an e-mail address.",
    },
    "admin.mail.outbox": {"pl": "Wiadomości (najnowsze 50)", "en": "Messages (newest 50)"},
    "admin.mail.outbox_counts": {
        "pl": "Czeka: {queued} · w zestawieniu dziennym: {held} · wysłane: {sent} · nie do wysłania: {failed}",
        "en": "Waiting: {queued} · in the daily digest: {held} · sent: {sent} · failed: {failed}",
    },
    "admin.mail.outbox_none": {"pl": "Nie ma jeszcze żadnych wiadomości.", "en": "No messages yet."},
    "admin.mail.refresh": {"pl": "Odśwież", "en": "Refresh"},
    "admin.mail.column.created": {"pl": "Utworzono", "en": "Created"},
    "admin.mail.column.to": {"pl": "Do", "en": "To"},
    "admin.mail.column.subject": {"pl": "Temat", "en": "Subject"},
    "admin.mail.column.kind": {"pl": "Rodzaj", "en": "Kind"},
    "admin.mail.column.state": {"pl": "Stan", "en": "State"},
    "admin.mail.column.attempts": {"pl": "Próby", "en": "Attempts"},
    "admin.mail.column.next": {"pl": "Następna próba", "en": "Next attempt"},
    "admin.mail.column.error": {"pl": "Ostatni błąd", "en": "Last error"},
    "admin.mail.state.held": {"pl": "czeka na zestawienie", "en": "waits for the digest"},
    "admin.mail.state.queued": {"pl": "czeka na wysłanie", "en": "waiting"},
    "admin.mail.state.sent": {"pl": "wysłana", "en": "sent"},
    "admin.mail.state.failed": {"pl": "nie do wysłania (3 dni prób)", "en": "failed (3 days of attempts)"},
    "admin.mail.state.in_digest": {"pl": "wysłana w zestawieniu", "en": "sent in a digest"},
    "admin.mail.kind.action_assigned": {"pl": "działanie przydzielone", "en": "action assigned"},
    "admin.mail.kind.action_overdue": {"pl": "działanie po terminie", "en": "action overdue"},
    "admin.mail.kind.case_opened": {"pl": "nowa sprawa Klienta", "en": "new client case"},
    "admin.mail.kind.case_overdue": {"pl": "sprawa Klienta po terminie", "en": "client case overdue"},
    "admin.mail.kind.plan_behind": {"pl": "plan obserwacji opóźniony", "en": "plan falling behind"},
    "admin.mail.kind.acknowledgement_pending": {
        "pl": "brak potwierdzeń zapoznania",
        "en": "acknowledgements pending",
    },
    "admin.mail.kind.digest": {"pl": "zestawienie dzienne", "en": "daily digest"},
    "admin.mail.kind.test": {"pl": "wiadomość próbna", "en": "test message"},
    "account.email": {"pl": "Adres e-mail do powiadomień", "en": "E-mail address for notifications"},
    "account.email_help": {
        "pl": "Na ten adres aplikacja wysyła powiadomienia (np. o przydzielonym działaniu). Puste pole: bez powiadomień.",
        "en": "The app sends notifications here (e.g. an action assigned to you). Empty: no notifications.",
    },
    "account.email_saved": {"pl": "Zapisano adres e-mail.", "en": "E-mail address saved."},
    "admin.accounts.email": {"pl": "E-mail", "en": "E-mail"},
    "audit.entity.mail": {"pl": "wiadomość e-mail", "en": "e-mail message"},
    "audit.field.recipient": {"pl": "odbiorca", "en": "recipient"},
    "audit.field.subject": {"pl": "temat", "en": "subject"},
    # survey campaigns (pages/campaigns.py)
    "nav.campaigns": {"pl": "Kampanie badań", "en": "Survey campaigns"},
    "audit.entity.survey_campaign": {"pl": "kampania badania satysfakcji", "en": "survey campaign"},
    "audit.field.start_date": {"pl": "początek", "en": "start"},
    "audit.field.end_date": {"pl": "koniec", "en": "end"},
    "audit.field.margin": {"pl": "margines błędu", "en": "margin of error"},
    "audit.field.confidence": {"pl": "poziom ufności", "en": "confidence"},
    "audit.field.yearly_clients": {"pl": "roczna liczba klientów", "en": "yearly clients"},
    "audit.field.targets": {"pl": "cele wydziałów", "en": "department targets"},
    "campaigns.title": {"pl": "Kampanie badań satysfakcji", "en": "Satisfaction survey campaigns"},
    "campaigns.intro": {
        "pl": "Kampania to nazwany okres badania z docelową liczbą odpowiedzi, ogółem i dla każdego wydziału. "
        "Oceny Klientów zbierane są przez cały rok; kampania liczy te z jej dni.",
        "en": "A campaign is a named survey period with a target number of answers, overall and per "
        "department. Client ratings are collected all year; a campaign counts those of its days.",
    },
    "campaigns.new": {"pl": "Nowa kampania", "en": "New campaign"},
    "campaigns.none": {
        "pl": "Nie określono jeszcze żadnej kampanii.",
        "en": "No campaign has been defined yet.",
    },
    "campaigns.choose": {"pl": "Kampania", "en": "Campaign"},
    "campaigns.margin_value": {"pl": "±{value} pp", "en": "±{value} pp"},
    "campaigns.state.planned": {"pl": "planowana", "en": "planned"},
    "campaigns.state.running": {"pl": "trwa", "en": "running"},
    "campaigns.state.ended": {"pl": "zakończona", "en": "ended"},
    "campaigns.column.name": {"pl": "Nazwa", "en": "Name"},
    "campaigns.column.dates": {"pl": "Okres", "en": "Period"},
    "campaigns.column.state": {"pl": "Stan", "en": "State"},
    "campaigns.column.target": {"pl": "Cel (odpowiedzi)", "en": "Target (answers)"},
    "campaigns.column.answers": {"pl": "Odpowiedzi", "en": "Answers"},
    "campaigns.column.reached": {"pl": "Osiągnięto", "en": "Reached"},
    "campaigns.column.bar": {"pl": "Postęp", "en": "Progress"},
    "campaigns.column.margin": {"pl": "Margines błędu", "en": "Margin of error"},
    "campaigns.column.met": {"pl": "Cel osiągnięty", "en": "Target met"},
    "campaigns.summary": {
        "pl": "{dates} · {state} · margines błędu {margin} przy ufności {confidence} "
        "(wymaga {required} odpowiedzi ogółem)",
        "en": "{dates} · {state} · margin of error {margin} at {confidence} confidence "
        "(needs {required} answers overall)",
    },
    "campaigns.yearly_clients_line": {
        "pl": "Roczna liczba klientów urzędu: {n} (cel uwzględnia poprawkę na skończoną populację).",
        "en": "The office's yearly clients: {n} (the target includes the finite-population correction).",
    },
    "home.campaign_running": {
        "pl": "Trwa kampania „{name}”: {answers} z {target} odpowiedzi, do końca {days}.",
        "en": "Campaign “{name}” is running: {answers} of {target} answers, {days} to go.",
    },
    "home.open_campaigns": {"pl": "Postęp kampanii", "en": "Campaign progress"},
    "campaigns.days_left": {"pl": "Pozostało dni: {days}.", "en": "Days left: {days}."},
    "campaigns.starts_on": {"pl": "Rozpocznie się {date}.", "en": "Starts on {date}."},
    "campaigns.no_departments": {
        "pl": "Brak wydziałów z celem w tej kampanii.",
        "en": "No department has a target in this campaign.",
    },
    "campaigns.counting": {
        "pl": "Liczone są wszystkie oceny Klientów z dni kampanii, które wchodzą do wyników (kiosk, kod QR, "
        "papier; oceny z serii dopiero po zatwierdzeniu) – pełne liczby, nie próbka. Margines błędu "
        "dla wydziału nie uwzględnia liczby jego klientów (jest ostrożniejszy).",
        "en": "Every client rating of the campaign's days that counts in the figures is counted (kiosk, QR "
        "code, paper; burst ratings once approved): complete counts, not a sample. A department's margin "
        "of error does not use its number of clients (it is conservative).",
    },
    "campaigns.total_line": {
        "pl": "**Razem: {answers} z {target}**",
        "en": "**Total: {answers} of {target}**",
    },
    "campaigns.achieved_met": {
        "pl": "Osiągnięty margines błędu: **{margin}** (zakładano {planned}) – cel ogólny osiągnięty.",
        "en": "Margin of error achieved: **{margin}** (planned {planned}): overall target met.",
    },
    "campaigns.achieved_not_met": {
        "pl": "Osiągnięty margines błędu: **{margin}** (zakładano {planned}) – cel ogólny nieosiągnięty.",
        "en": "Margin of error achieved: **{margin}** (planned {planned}): overall target not met.",
    },
    "campaigns.of": {"pl": "{answers} z {target}", "en": "{answers} of {target}"},
    "campaigns.without_target": {"pl": "{answers} (bez celu)", "en": "{answers} (no target)"},
    "campaigns.met_yes": {"pl": "tak", "en": "yes"},
    "campaigns.met_no": {"pl": "nie", "en": "no"},
    "campaigns.no_department": {"pl": "(nie podano wydziału)", "en": "(no department given)"},
    "campaigns.edit": {"pl": "Zmień kampanię", "en": "Change the campaign"},
    "campaigns.targets": {"pl": "Cele wydziałów", "en": "Department targets"},
    "campaigns.delete": {"pl": "Usuń kampanię", "en": "Delete the campaign"},
    "campaigns.field.name": {"pl": "Nazwa kampanii", "en": "Campaign name"},
    "campaigns.field.start": {"pl": "Początek", "en": "Start"},
    "campaigns.field.end": {"pl": "Koniec (włącznie)", "en": "End (inclusive)"},
    "campaigns.field.margin": {"pl": "Margines błędu", "en": "Margin of error"},
    "campaigns.field.confidence": {"pl": "Poziom ufności", "en": "Confidence level"},
    "campaigns.field.yearly_clients": {
        "pl": "Roczna liczba klientów urzędu (nieobowiązkowo)",
        "en": "The office's yearly number of clients (optional)",
    },
    "campaigns.name_example": {
        "pl": "np. Badanie satysfakcji – marzec 2027",
        "en": "e.g. Survey – March 2027",
    },
    "campaigns.yearly_clients_placeholder": {"pl": "nie podano", "en": "not given"},
    "campaigns.target_help": {
        "pl": "Cel ogólny wynika z marginesu błędu i poziomu ufności (np. ±5 pp przy 95% – 385 odpowiedzi; "
        "mniej, gdy podasz roczną liczbę klientów). Dzieli się go między aktywne wydziały proporcjonalnie "
        "do liczby ocen z 12 miesięcy przed początkiem kampanii; cele wydziałów można potem zmienić.",
        "en": "The overall target follows from the margin of error and confidence (e.g. ±5 pp at 95%: 385 "
        "answers; fewer when the yearly number of clients is given). It is split over the active "
        "departments in proportion to their ratings in the 12 months before the start; the department "
        "targets may be changed afterwards.",
    },
    "campaigns.edit_help": {
        "pl": "Nowy margines błędu, poziom ufności lub liczba klientów wyznacza cele wydziałów od nowa "
        "(zmienione ręcznie cele zostaną zastąpione).",
        "en": "A new margin, confidence or number of clients sets the department targets again (targets "
        "changed by hand are replaced).",
    },
    "campaigns.create": {"pl": "Utwórz kampanię", "en": "Create the campaign"},
    "campaigns.save": {"pl": "Zapisz zmiany", "en": "Save changes"},
    "campaigns.created": {"pl": "Utworzono kampanię.", "en": "Campaign created."},
    "campaigns.saved": {"pl": "Zapisano zmiany kampanii.", "en": "Campaign changes saved."},
    "campaigns.targets_help": {
        "pl": "Cel wydziału: od 1 odpowiedzi. Cel ogólny kampanii to suma celów wydziałów.",
        "en": "A department's target: at least 1 answer. The campaign's overall target is their sum.",
    },
    "campaigns.save_targets": {"pl": "Zapisz cele", "en": "Save the targets"},
    "campaigns.targets_saved": {"pl": "Zapisano cele wydziałów.", "en": "Department targets saved."},
    "campaigns.unchanged": {"pl": "Bez zmian.", "en": "Nothing changed."},
    "campaigns.delete_confirm": {
        "pl": "Tak, usuń kampanię „{name}”",
        "en": "Yes, delete the campaign “{name}”",
    },
    "campaigns.delete_button": {"pl": "Usuń kampanię", "en": "Delete the campaign"},
    "campaigns.delete_unconfirmed": {
        "pl": "Zaznacz potwierdzenie, aby usunąć kampanię.",
        "en": "Tick the confirmation to delete the campaign.",
    },
    "campaigns.deleted": {"pl": "Usunięto kampanię „{name}”.", "en": "Campaign “{name}” deleted."},
}
