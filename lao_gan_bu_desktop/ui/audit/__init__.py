"""工具 → 操作日志: the audit log viewer (log_window.py)."""
