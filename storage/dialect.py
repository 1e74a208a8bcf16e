"""The SQL dialects of the two stores, in one place.

Repositories, queries and migrations are written once, in DuckDB's SQL (the embedded default).
For the PostgreSQL store each statement is translated here by sqlglot, a maintained SQL
transpiler, once per distinct text (the translations are cached): placeholders become psycopg's
(`?` → `%s`, `$name` → `%(name)s`), a `%` inside a string literal is doubled (psycopg reads `%`
as a placeholder's start), and the few DuckDB-only constructs that sqlglot leaves as they are
get a PostgreSQL equivalent below. Whatever is not translated fails loudly on PostgreSQL in the
test suite, which runs on both stores.

>>> postgres("SELECT count(*) FROM t WHERE a = ? AND b LIKE '%x%'")
("SELECT COUNT(*) FROM t WHERE a = %s AND b LIKE '%%x%%'",)
>>> postgres("SELECT a / b FROM t")
('SELECT CAST(a AS DOUBLE PRECISION) / b FROM t',)
"""

from __future__ import annotations

from functools import lru_cache
from typing import ClassVar

import sqlglot
from sqlglot import exp
from sqlglot.dialects.duckdb import DuckDB

DUCKDB, POSTGRESQL = "duckdb", "postgresql"


class _DuckDB(DuckDB):
    """DuckDB's SQL as the app writes it. sqlglot reads `?::` as one operator (Databricks' try
    cast), so `?::UUID[]`, a placeholder cast to a list, did not parse: here `?` is a placeholder
    and `::` a cast, as DuckDB itself reads them."""

    class Tokenizer(DuckDB.Tokenizer):
        KEYWORDS: ClassVar = {
            text: token for text, token in DuckDB.Tokenizer.KEYWORDS.items() if text != "?::"
        }


def _escape_percent(node: exp.Expression) -> exp.Expression:
    if isinstance(node, exp.Literal) and node.is_string and "%" in node.this:
        return exp.Literal.string(node.this.replace("%", "%%"))
    return node


def _group_by_all(node: exp.Expression) -> exp.Expression:
    """DuckDB's `GROUP BY ALL` (every selected expression without an aggregate or a window) as
    those expressions' positions: PostgreSQL 15 has no GROUP BY ALL."""
    group = node.args.get("group") if isinstance(node, exp.Select) else None
    if group is not None and group.args.get("all"):
        positions = [
            exp.Literal.number(position)
            for position, selected in enumerate(node.expressions, 1)
            if not selected.find(exp.AggFunc, exp.Window)
        ]
        node.set("group", exp.Group(expressions=positions))
    return node


def _numbers_as_duckdb(node: exp.Expression) -> exp.Expression:
    """Aggregates typed as DuckDB types them, so figures and frames are the same on both stores.
    DuckDB sums integers into HUGEINT (a float column in a frame), PostgreSQL sum(integer) gives
    bigint: adding a numeric zero makes an integer sum numeric (also read as a float column)
    and leaves a float sum as it is (float8 + numeric is float8). DuckDB averages in DOUBLE,
    PostgreSQL avg(integer) in numeric (a last digit apart from DuckDB's): the argument is cast."""
    if isinstance(node, exp.Avg) and not isinstance(node.this, exp.Distinct):
        return exp.Avg(this=exp.cast(node.this, exp.DataType.Type.DOUBLE))
    core = node
    while isinstance(core, exp.Filter | exp.Window):
        core = core.this
    if isinstance(core, exp.Sum) and not isinstance(node.parent, exp.Filter | exp.Window):
        zero = exp.cast(exp.Literal.number(0), exp.DataType.Type.DECIMAL)
        return exp.Paren(this=exp.Add(this=node, expression=zero))  # inside 2 * sum(x) as well
    return node


def _aliased_derived_tables(tree: exp.Expression) -> exp.Expression:
    """A name for each unnamed subquery in FROM or JOIN (`FROM (SELECT …)`): DuckDB needs none,
    PostgreSQL 15 requires one."""
    for number, subquery in enumerate(tree.find_all(exp.Subquery), 1):
        if isinstance(subquery.parent, exp.From | exp.Join) and not subquery.alias:
            subquery.set("alias", exp.TableAlias(this=exp.to_identifier(f"derived_{number}")))
    return tree


_DATE_PARTS = {exp.DayOfWeekIso: "ISODOW", exp.Hour: "HOUR", exp.Minute: "MINUTE"}


def _date_parts(node: exp.Expression) -> exp.Expression:
    """DuckDB's isodow(t), hour(t), minute(t) (BIGINT) as PostgreSQL's EXTRACT, cast to BIGINT
    (EXTRACT gives numeric; sqlglot leaves DAYOFWEEK_ISO and HOUR, which PostgreSQL lacks)."""
    part = _DATE_PARTS.get(type(node))
    if part is None:
        return node
    extract = exp.Extract(this=exp.var(part), expression=node.this)
    return exp.cast(extract, exp.DataType.Type.BIGINT)


def _split_to_array(node: exp.Expression) -> exp.Expression:
    """DuckDB's string_split(text, separator) as PostgreSQL's string_to_array (sqlglot writes
    SPLIT, which PostgreSQL lacks)."""
    if isinstance(node, exp.Split):
        return exp.Anonymous(this="STRING_TO_ARRAY", expressions=[node.this, node.expression])
    return node


def _order_by_all(node: exp.Expression) -> exp.Expression:
    """DuckDB's `ORDER BY ALL [DESC]` (every selected column, left to right) as their positions."""
    order = node.args.get("order") if isinstance(node, exp.Select) else None
    if order is not None and len(order.expressions) == 1:
        (ordered,) = order.expressions
        if isinstance(ordered.this, exp.Var) and ordered.this.name.upper() == "ALL":
            direction = {key: ordered.args.get(key) for key in ("desc", "nulls_first")}
            positions = range(1, len(node.expressions) + 1)
            order.set(
                "expressions", [exp.Ordered(this=exp.Literal.number(n), **direction) for n in positions]
            )
    return node


def _expand_exclude(node: exp.Expression) -> exp.Expression:
    """DuckDB's `alias.* EXCLUDE (columns)` over a derived table `(SELECT …) alias` as that
    table's other columns by name: PostgreSQL has no EXCLUDE. A derived table with an unnamed
    column is left as it is (and fails loudly on PostgreSQL)."""
    if not isinstance(node, exp.Select):
        return node
    sources = [node.args.get("from_"), *(node.args.get("joins") or ())]
    derived = {
        source.this.alias: source.this.this
        for source in sources
        if source is not None and isinstance(source.this, exp.Subquery) and source.this.alias
    }
    expanded = []
    for selected in node.expressions:
        star, table = selected.this, selected.table if isinstance(selected, exp.Column) else None
        names = [column.alias_or_name for column in derived[table].expressions] if table in derived else []
        if isinstance(star, exp.Star) and star.args.get("except_") and names and all(names):
            excluded = {column.name for column in star.args["except_"]}
            expanded += [exp.column(name, table) for name in names if name not in excluded]
        else:
            expanded.append(selected)
    node.set("expressions", expanded)
    return node


# DuckDB's to_seconds(n) … to_hours(n): an interval of n units (to_days: sqlglot's ToDays).
_INTERVAL_FUNCTIONS = {"TO_SECONDS": "SECOND", "TO_MINUTES": "MINUTE", "TO_HOURS": "HOUR"}
_ARG_MAX = sqlglot.parse_one(
    "(ARRAY_AGG(arg ORDER BY val DESC) FILTER (WHERE arg IS NOT NULL AND val IS NOT NULL))[1]",
    read="postgres",
)


def _interval(node: exp.Expression) -> tuple[str, exp.Expression] | None:
    """The unit and the count of DuckDB's to_seconds(n) … to_days(n); None for other nodes."""
    if isinstance(node, exp.ToDays):
        return "DAY", node.this
    if isinstance(node, exp.Anonymous) and str(node.this).upper() in _INTERVAL_FUNCTIONS:
        return _INTERVAL_FUNCTIONS[str(node.this).upper()], node.expressions[0]
    return None


def _duckdb_functions(node: exp.Expression) -> exp.Expression:
    """DuckDB functions PostgreSQL lacks or reads differently, as PostgreSQL expressions:
    `a % b` as mod(a, b) (psycopg reads a bare `%` as a placeholder's start); to_hours(n) (and
    to_seconds, to_minutes, to_days) as n × INTERVAL '1 hour'; arg_max(arg, val), which skips rows
    where either is NULL, as the first of the args ordered by val, those rows left out; the JSON
    functions' text argument cast to json (DuckDB keeps JSON in VARCHAR columns)."""
    if isinstance(node, exp.Mod):
        return exp.Anonymous(this="MOD", expressions=[node.this, node.expression])
    if interval := _interval(node):
        unit, count = interval
        one = exp.Interval(this=exp.Literal.string("1"), unit=exp.var(unit))
        return exp.Mul(this=exp.Paren(this=count), expression=one)
    if isinstance(node, exp.ArgMax):
        values = {"arg": node.this, "val": node.expression}
        return _ARG_MAX.copy().transform(
            lambda n: values[n.name].copy() if isinstance(n, exp.Column) and n.name in values else n
        )
    if isinstance(node, exp.JSONExtract | exp.JSONExtractScalar) and not node.this.is_type("json"):
        node.set("this", exp.cast(node.this, "json"))
    return node


@lru_cache(maxsize=8192)
def postgres(sql: str) -> tuple[str, ...]:
    """The PostgreSQL statements for one DuckDB SQL text (several for a migration file)."""
    statements = []
    for tree in sqlglot.parse(sql, read=_DuckDB):
        if tree is None:  # an empty statement: a trailing semicolon or a comment
            continue
        transforms = (_escape_percent, _group_by_all, _order_by_all, _expand_exclude, _numbers_as_duckdb)
        for transform in (*transforms, _split_to_array, _date_parts, _duckdb_functions):
            tree = tree.transform(transform)
        statements.append(_aliased_derived_tables(tree).sql(dialect="postgres"))
    return tuple(statements)
