"""Accounts: roles and what each may open, password hashing, login with lock-out, sessions."""
