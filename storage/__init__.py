"""Persistence: the DuckDB file, schema migrations, and one repository module per table group.

All SQL of the app lives in this package (the analytics package has its read-only queries).
"""
