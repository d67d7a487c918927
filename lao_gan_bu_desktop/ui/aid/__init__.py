"""特困帮扶 (帮扶 tab): the case list, the case dialog and its step dialogs, the 首页 card and the person dialog's page."""
