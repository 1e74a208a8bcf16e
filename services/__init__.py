"""Use cases behind the pages: validation with Polish messages, then calls into storage."""
