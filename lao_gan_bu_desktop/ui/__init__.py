"""The window: Qt widgets, table models and dialogs over the services layer (no SQL here)."""
