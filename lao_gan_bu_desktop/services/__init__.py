"""Use cases that combine core rules, storage and files; no Qt, shared by the CLI and the window."""
