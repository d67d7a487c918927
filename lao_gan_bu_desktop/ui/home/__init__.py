"""首页: the figures, charts and reminders, and the worker that reads them."""
