"""The order of the units in every output: the zone's own order where the clerk has set one,
then by pinyin, so the 统计报表, the 通讯录, the 核对表 and the 慰问名单 list them alike."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from ..core.pinyin import sort_key
from ..storage.roster_queries import set_unit_sort_orders, unit_names, unit_sort_orders

UnitKey = Callable[[str], tuple]


def unit_key() -> UnitKey:
    """A sort key for unit names: ordered units first (by their number), then the rest by
    pinyin; an empty or unknown name goes last."""
    orders = unit_sort_orders()

    def key(name: str) -> tuple:
        if not name or name.startswith("（"):
            return (2, 0, sort_key(name or ""))
        order = orders.get(name)
        if order is not None:
            return (0, order, sort_key(name))
        return (1, 0, sort_key(name))

    return key


def ordered_units(names: Iterable[str] | None = None) -> list[str]:
    """``names`` (default: every unit) in the zone's order."""
    key = unit_key()
    return sorted(unit_names() if names is None else names, key=key)


class UnitOrderError(Exception):
    """An order naming units that do not exist; ``message`` says which."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def set_unit_order(names: Sequence[str]) -> list[str]:
    """Put the units ``names`` first, in that order; the others follow by pinyin. An empty list
    clears the order. Returns the resulting order of all units."""
    known = set(unit_names())
    unknown = [n for n in names if n not in known]
    if unknown:
        raise UnitOrderError(f"没有这些单位：{'、'.join(unknown)}。请检查单位名称后重试")
    chosen = list(dict.fromkeys(names))
    orders: dict[str, int | None] = dict.fromkeys(known)
    orders.update({name: i for i, name in enumerate(chosen, 1)})
    set_unit_sort_orders(orders)
    return ordered_units()
