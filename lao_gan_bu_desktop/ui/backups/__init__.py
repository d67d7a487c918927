"""Backups in the window: the day's first backup, choosing a backup, the damaged-data offer."""
