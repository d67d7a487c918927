"""走访日历: the calendar tab and month view, visit dialogs, rules, campaigns, check-ups and the person page."""
