"""Queries the exports need beyond the roster's: emergency contacts of many people at once."""

from __future__ import annotations

from collections.abc import Sequence

from .models import Contact

CHUNK = 500


def emergency_contacts(person_ids: Sequence[int]) -> dict[int, dict[str, str]]:
    """person id → its first emergency contact (name, relation, phone); others are skipped.

    A person with no contact marked 紧急 gets their first contact instead, if any.
    """
    result: dict[int, dict[str, str]] = {}
    ids = list(person_ids)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        query = (
            Contact.select(
                Contact.person, Contact.name, Contact.relation, Contact.phone, Contact.is_emergency
            )
            .where(Contact.person.in_(chunk))
            .order_by(Contact.person, Contact.is_emergency.desc(), Contact.id)
            .tuples()
        )
        for person_id, name, relation, phone, _emergency in query:
            if person_id not in result:
                result[person_id] = {"name": name, "relation": relation, "phone": phone}
    return result
