"""The `jakosc` command line: set-up, accounts, demo data, backup and restore, statistics."""
