"""Accounts: roles and what each may open, password hashing and policy, throttled sign-in, sessions."""
