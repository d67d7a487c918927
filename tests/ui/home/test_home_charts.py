"""首页 charts: the figures of compute_stats, and a click asks for the roster of that group."""

from __future__ import annotations

from lao_gan_bu_desktop.core.roster_filter import RosterFilter
from lao_gan_bu_desktop.services.stats import compute_stats
from lao_gan_bu_desktop.ui.home.charts import HomeCharts
from tests.conftest import FIXED_TODAY


def test_charts_show_stats_and_emit_filters(demo_ctx, qtbot) -> None:
    stats = compute_stats(FIXED_TODAY)
    charts = HomeCharts(stats)
    qtbot.addWidget(charts)
    charts.resize(900, 600)
    charts.show()
    ages = charts.series["age_bracket"]
    bar_set = ages.barSets()[0]
    assert [int(bar_set.at(i)) for i in range(bar_set.count())] == [36, 83, 21, 13]
    kinds = charts.series["retirement_kind"]
    assert sorted(int(s.value()) for s in kinds.slices()) == [2, 151]
    tiers = charts.series["service_tier"]
    assert sum(int(s.value()) for s in tiers.slices()) == 153

    with qtbot.waitSignal(charts.filterRequested) as blocker:
        ages.clicked.emit(3, bar_set)
    assert blocker.args[0] == RosterFilter(age_bracket="80岁及以上")
    with qtbot.waitSignal(charts.filterRequested) as blocker:
        kinds.clicked.emit(next(s for s in kinds.slices() if int(s.value()) == 2))
    assert blocker.args[0] == RosterFilter(retirement_kind="离休")
    residence = charts.series["residence_area"]
    with qtbot.waitSignal(charts.filterRequested) as blocker:
        residence.clicked.emit(2, residence.barSets()[0])
    assert blocker.args[0] == RosterFilter(residence_area="省外")

    charts.set_stats({**stats, "by_kind": {"离休": 1, "退休": 9}})
    assert sorted(int(s.value()) for s in charts.series["retirement_kind"].slices()) == [1, 9]
