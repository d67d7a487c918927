"""花名册's bulk 标记迁出 against the versions the list shows: a person changed by another PC
after the list was loaded (here a second connection of its own, in a thread) is left alone and
named, with who and when, in the message; the others are marked."""

from __future__ import annotations

import threading

from lao_gan_bu_desktop.services import roster as roster_service
from lao_gan_bu_desktop.services.settings import set_setting


def test_a_bulk_mark_names_the_person_changed_elsewhere(roster, message_boxes, monkeypatch) -> None:
    from lao_gan_bu_desktop.ui.roster import status_dialog

    monkeypatch.setattr(status_dialog, "confirm", lambda *a, **k: True)
    rows = [0, 1, 2]
    shown = [roster.model.row_dict(r) for r in rows]  # what the clerk's list shows now
    ids = [d["id"] for d in shown]
    assert all(d["status"] == "在册" for d in shown)

    def other_pc() -> None:  # another connection saves a change to the second person
        from lao_gan_bu_desktop.services.app import close_thread_connection

        try:
            set_setting("operator", "王丽")
            person = roster_service.get_person(ids[1])
            roster_service.update_person(
                ids[1], {"phone": "13900000009"}, expected_version=person["version"]
            )
        finally:
            close_thread_connection()

    worker = threading.Thread(target=other_pc)
    worker.start()
    worker.join()
    roster.select_ids(ids)
    assert sorted(roster.selected_ids()) == sorted(ids)
    roster.mark_moved()
    assert roster_service.get_person(ids[1])["status"] == "在册"
    assert roster_service.get_person(ids[1])["phone"] == "13900000009"
    assert roster_service.get_person(ids[0])["status"] == "迁出"
    assert roster_service.get_person(ids[2])["status"] == "迁出"
    kind, title, text = message_boxes[-1]
    assert (kind, title) == ("information", "标记为迁出")
    assert f"{shown[1]['name']}（王丽 在" in text and "没有改动" in text
    assert shown[0]["name"] in text.split("。")[0]  # marked, named first
