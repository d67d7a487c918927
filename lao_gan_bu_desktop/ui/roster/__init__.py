"""花名册: the roster tab, its model and filter bar, the person dialog and the status dialog."""
