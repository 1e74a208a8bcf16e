"""storage.dialect: DuckDB SQL translated for PostgreSQL, each transform with its case."""

from __future__ import annotations

import duckdb
import psycopg
import pytest

from storage.dialect import postgres
from storage.postgres import _NumericLoader

pytestmark = pytest.mark.own_stores

# Each transform run on both engines: the same rows from DuckDB and from PostgreSQL.
ON_BOTH = {
    "group by all": "SELECT k, sum(v) AS total, count(*) FILTER (WHERE v > 1) AS big FROM t GROUP BY ALL "
    "ORDER BY k",
    "order by all": "SELECT k, v FROM t ORDER BY ALL DESC",
    "exclude": "SELECT g.* EXCLUDE (k) FROM (SELECT k, max(v) AS top FROM t GROUP BY k) g ORDER BY top",
    "sum of integers and average": "SELECT sum(v), avg(v), sum(v) FILTER (WHERE k = 'a'), 2 * sum(v) - sum(v) * 3 "
    "FROM t",
    "unnamed subquery": "SELECT count(*), max(top) FROM (SELECT k, max(v) AS top FROM t GROUP BY k)",
    "split": "SELECT part, count(*) FROM t, unnest(string_split(tags, ',')) AS p(part) GROUP BY ALL ORDER BY 1",
    "placeholder cast": "SELECT count(*) FROM t WHERE k IN (SELECT unnest(?::VARCHAR[]))",
    "modulo and a percent sign in a literal": "SELECT k, v % 2, tags LIKE '%x%' FROM t ORDER BY ALL",
    "hours and minutes as intervals": "SELECT TIMESTAMP '2026-03-29 01:00' + to_hours(v) - to_minutes(?) "
    "+ to_days(1) - to_seconds(v) FROM t ORDER BY 1",
    # arg_max skips a row whose argument or whose value is NULL ('c' has no other row: NULL)
    "arg_max": "SELECT k, arg_max(tags, v), arg_max(CASE WHEN v < 7 THEN tags END, v), "
    "arg_max(tags, CASE WHEN v = 2 THEN NULL ELSE v END) FROM t GROUP BY k ORDER BY k",
    "weekday and hour": "SELECT isodow(TIMESTAMP '2026-11-29 13:45' + to_days(v)), hour(TIMESTAMP '2026-11-29 13:45') "
    "FROM t ORDER BY 1",
    "json kept in text": """SELECT json_extract_string(j, '$.k'), j ->> '$.none'
    FROM (SELECT '{"k": "' || k || '", "v": ' || v || '}' AS j FROM t) AS s ORDER BY 1""",
}
PARAMS = {"placeholder cast": [["a", "c"]], "hours and minutes as intervals": [90]}


@pytest.mark.parametrize("name", list(ON_BOTH))
def test_a_translated_statement_gives_the_same_rows_on_postgresql(postgres_cluster, name):
    create = "CREATE TABLE t (k VARCHAR, v INTEGER, tags VARCHAR)"
    rows = [("a", 1, "x,y"), ("a", 2, "y"), ("b", 3, "z,x"), ("c", 7, "x")]
    duck = duckdb.connect()
    duck.execute(create)
    duck.executemany("INSERT INTO t VALUES (?, ?, ?)", rows)
    expected = duck.execute(ON_BOTH[name], PARAMS.get(name)).fetchall()
    url = postgres_cluster.new_database()
    try:
        with psycopg.connect(url, autocommit=True) as connection:
            connection.adapters.register_loader("numeric", _NumericLoader)
            connection.execute(create)
            connection.cursor().executemany("INSERT INTO t VALUES (%s, %s, %s)", rows)
            (statement,) = postgres(ON_BOTH[name])
            assert connection.execute(statement, PARAMS.get(name, ())).fetchall() == expected
    finally:
        postgres_cluster.drop_database(url)
