"""Run-time database files (git-ignored) and the demo data generator."""
