"""The demo zone: a deterministic 高新区 that matches the 2020 survey in ../shared/seed/.

153 retired cadres (2 离休, 151 退休); 60–70: 83, 71–79: 21, 80+: 13, the other 36 under 60;
3 unable to care for themselves; 2 standalone and 15 shared party branches; 107 party members
and 2 democratic-party members; 144 living in the city, 1 elsewhere in the province, 8 outside.
Birth dates are placed relative to the day it runs, so these figures hold on that day.
Later features add their own demo data through :data:`DEMO_STEPS`.
"""

from __future__ import annotations

import datetime as _dt
import random
from collections.abc import Callable

from ..core import clock
from ..core.idnumber import check_digit
from ..core.pinyin import search_key
from ..storage.database import db
from ..storage.models import Contact, PartyBranch, Person, Unit
from ..storage.roster_queries import years_before
from .labels_demo import demo_couples, demo_sender
from .settings import set_setting
from .visits_demo import add_demo_visits

SEED = 2020_0801

UNITS = (
    ("党群工作部", "刘建国", "王丽"),
    ("管委会办公室", "陈志强", "赵敏"),
    ("经济发展局", "张卫东", "李娜"),
    ("财政金融局", "杨永红", "孙静"),
    ("规划建设局", "黄振华", "周婷"),
    ("社会事业局", "吴德明", "郑芳"),
    ("城市管理局", "徐国庆", "马丽娟"),
    ("科技局", "胡光明", "朱琳"),
    ("人力资源和社会保障局", "高建军", "林晓燕"),
    ("市场监督管理局", "何志刚", "郭蕾"),
    ("应急管理局", "罗正义", "梁雪"),
    ("生态环境分局", "宋海涛", "谢婷婷"),
    ("石佛办事处", "韩保国", "唐颖"),
    ("沟赵办事处", "冯长青", "于佳"),
    ("双桥办事处", "董红军", "萧萍"),
    ("枫杨办事处", "程明亮", "曹燕"),
    ("梧桐办事处", "袁世平", "邓洁"),
)
STANDALONE_BRANCHES = ("管委会机关离退休干部第一党支部", "管委会机关离退休干部第二党支部")

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡"
    "贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷"
)
MALE_GIVEN = "建国卫东志强德明国庆光明振华海涛保国长青红军明亮世平永胜文斌学军宏伟金山俊峰中华新民"
FEMALE_GIVEN = "秀英桂兰玉梅淑珍凤英丽华素芳红梅雪梅爱华秀兰文静慧敏春燕美玲丽娟翠萍月娥晓红"
RARE_NAMES = ("王堃", "李喆", "张昇", "赵翀")

STREETS = (
    ("科学大道", "450001"),
    ("翠竹街", "450001"),
    ("长椿路", "450001"),
    ("莲花街", "450001"),
    ("瑞达路", "450001"),
    ("西三环", "450001"),
    ("金梭路", "450001"),
    ("文化路", "450003"),
    ("农业路", "450002"),
    ("嵩山南路", "450052"),
    ("建设西路", "450007"),
    ("经三路", "450008"),
)
OTHER_PROVINCE = (
    ("北京市海淀区学院路", "100083"),
    ("上海市浦东新区张杨路", "200120"),
    ("广东省广州市天河区体育西路", "510620"),
    ("广东省深圳市南山区科技园", "518057"),
    ("四川省成都市武侯区人民南路", "610041"),
    ("陕西省西安市雁塔区长安南路", "710061"),
    ("浙江省杭州市西湖区文三路", "310012"),
    ("湖北省武汉市武昌区中南路", "430071"),
)
IN_PROVINCE = (("河南省开封市龙亭区中山路北段", "475001"),)
AREA_CODES = ("410102", "410103", "410104", "410105", "410108", "410122", "410181", "410182")
HOBBIES = ("书法", "绘画", "太极", "茶艺", "摄影", "音乐", "棋牌", "钓鱼", "舞蹈", "园艺", "读书")
SPECIALTIES = ("财务会计", "法律", "城市规划", "中医保健", "文秘写作", "工程造价", "教育", "")
NEWSPAPERS = ("郑州日报", "河南日报", "大河报", "郑州晚报")
NEEDS = ("希望定期上门测血压", "需要助餐服务", "希望组织书法交流", "希望参加老年大学课程", "")

DemoStep = Callable[[random.Random, _dt.date], None]
DEMO_STEPS: list[DemoStep] = []
DEMO_STEPS.append(add_demo_visits)
DEMO_STEPS.append(demo_sender)
DEMO_STEPS.append(demo_couples)


def _later(module: str, name: str) -> DemoStep:
    """A demo step of ``services.<module>``, imported only when the demo is built."""

    def step(rng: random.Random, today: _dt.date) -> None:
        import importlib

        getattr(importlib.import_module(f".{module}", __package__), name)(rng, today)

    step.__name__ = name
    return step


DEMO_STEPS += [
    _later("aid_demo", "add_demo_aid"),
    _later("aid_household", "demo_household"),
    _later("office_demo", "add_demo_office_work"),
    _later("party_demo", "add_demo_party"),
    _later("units_demo", "add_demo_check_lists"),
    _later("activities_demo", "add_demo_activities"),
]


def _birth_for_age(rng: random.Random, today: _dt.date, age: int) -> _dt.date:
    """A birth date that makes the person exactly ``age`` on ``today``."""
    latest = years_before(today, age)  # birthday today
    earliest = years_before(today, age + 1) + _dt.timedelta(days=1)
    return earliest + _dt.timedelta(days=rng.randrange((latest - earliest).days + 1))


def _id_number(rng: random.Random, birth: _dt.date, gender: str) -> str:
    seq = rng.randrange(0, 100) * 10 + (
        rng.choice((1, 3, 5, 7, 9)) if gender == "男" else rng.choice((0, 2, 4, 6, 8))
    )
    first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)


def _phone(rng: random.Random) -> str:
    return (
        rng.choice(("138", "139", "137", "135", "150", "158", "186", "189"))
        + f"{rng.randrange(10**8):08d}"
    )


def _ages(rng: random.Random) -> list[int]:
    ages = [rng.randint(52, 59) for _ in range(36)]
    ages += [rng.randint(60, 70) for _ in range(83)]
    ages += [rng.randint(71, 79) for _ in range(21)]
    ages += [rng.randint(80, 89) for _ in range(11)]
    ages += [93, 95]  # the two 离休 cadres
    return ages


def _name(rng: random.Random, gender: str, used: set[str]) -> str:
    while True:
        pool = MALE_GIVEN if gender == "男" else FEMALE_GIVEN
        if rng.random() < 0.4:
            given = pool[rng.randrange(len(pool))]
        else:
            i = rng.randrange(0, len(pool) - 1, 2)
            given = pool[i : i + 2]
        name = rng.choice(SURNAMES) + given
        if name not in used:
            used.add(name)
            return name


def fill_demo(today: _dt.date | None = None) -> int:
    """Fill an empty database with the demo zone; returns the number of people added."""
    today = today or clock.today()
    if Person.select().exists():
        raise ValueError("数据文件中已有人员，演示数据只能写入空的数据文件夹。")
    rng = random.Random(SEED)
    with db.atomic():
        set_setting("zone_name", "高新区")
        set_setting("city_name", "郑州")
        set_setting("office_name", "党群工作部干部管理科")
        units = [
            Unit.create(name=n, leader=lead, contact=c, phone=_phone(rng)) for n, lead, c in UNITS
        ]
        shared = [
            PartyBranch.create(name=f"{u.name}党支部", kind="共建", unit=u) for u in units[:15]
        ]
        standalone = [PartyBranch.create(name=n, kind="单建") for n in STANDALONE_BRANCHES]
        ages = _ages(rng)
        n = len(ages)
        order = list(range(n))
        # who is what, by index into ages (sorted young → old)
        party = set(rng.sample(range(n - 2), 105)) | {n - 1, n - 2}
        democratic_candidates = [i for i in range(n - 2) if i not in party]
        democratic = dict(
            zip(rng.sample(democratic_candidates, 2), ("九三学社社员", "民盟盟员"), strict=True)
        )
        cannot_care = {n - 1, n - 3, n - 5}
        half_care = {n - 2, n - 4, n - 6, n - 8}
        elsewhere = rng.sample(range(n - 2), 9)
        outside = dict(zip(elsewhere[:8], OTHER_PROVINCE, strict=True))
        in_province = {elsewhere[8]: IN_PROVINCE[0]}
        used: set[str] = set()
        rare = dict(zip(rng.sample(range(n), len(RARE_NAMES)), RARE_NAMES, strict=True))
        for i in order:
            age = ages[i]
            gender = "男" if rng.random() < 0.62 or age >= 90 else "女"
            if i in rare:
                name, gender = rare[i], "男"
                used.add(name)
            else:
                name = _name(rng, gender, used)
            birth = _birth_for_age(rng, today, age)
            kind = "离休" if age >= 90 else "退休"
            retire_age = 60 if gender == "男" else 55
            retirement_date = _dt.date(birth.year + retire_age, birth.month, 1)
            if retirement_date > today:
                retirement_date = _dt.date(today.year - 1, birth.month, 1)
                retire_age = retirement_date.year - birth.year
            unit = units[i % len(units)] if i not in (n - 1, n - 2) else units[0]
            if i in party:
                status = "中共党员"
                branch = standalone[i % 2] if age >= 75 or i % 5 == 0 else shared[i % 15]
                join_year = 1946 if kind == "离休" else birth.year + rng.randint(22, 35)
                party_join = _dt.date(join_year, rng.randint(1, 12), 1)
            else:
                status = democratic.get(i, "群众")
                branch, party_join = None, None
            if i in outside:
                area, (street, postcode) = "省外", outside[i]
                address = f"{street}{rng.randint(1, 300)}号{rng.randint(1, 20)}号楼{rng.randint(1, 6)}单元{rng.randint(1, 28)}0{rng.randint(1, 4)}"
            elif i in in_province:
                area, (street, postcode) = "省内其他市", in_province[i]
                address = f"{street}{rng.randint(1, 300)}号"
            else:
                area = "本市"
                street, postcode = rng.choice(STREETS)
                address = (
                    f"郑州市{'高新区' if postcode == '450001' else '金水区'}{street}"
                    f"{rng.randint(1, 200)}号院{rng.randint(1, 12)}号楼{rng.randint(1, 4)}单元"
                    f"{rng.randint(1, 18)}0{rng.randint(1, 4)}"
                )
            if i in cannot_care:
                self_care, health, bedridden = "不能自理", "长期患病", i == n - 1
            elif i in half_care:
                self_care, health, bedridden = "半自理", "较差", False
            else:
                self_care = "自理"
                health = rng.choices(("良好", "一般", "较差"), (6, 3, 1 if age > 70 else 0.2))[0]
                bedridden = False
            living = (
                "养老机构"
                if i == n - 3
                else rng.choices(
                    ("与配偶同住", "与子女同住", "独居"), (6, 3, 1 if age > 75 else 0.3)
                )[0]
            )
            rank = rng.choices(("县处级", "乡科级", "科员及以下"), (2, 5, 3))[0]
            if kind == "离休":
                rank = "厅局级"
            id_number = _id_number(rng, birth, gender)
            person = Person.create(
                name=name,
                gender=gender,
                ethnicity="汉族" if rng.random() < 0.96 else "回族",
                id_number=id_number,
                birth_date=birth,
                lunar_birthday=age >= 70 and rng.random() < 0.3,
                retirement_kind=kind,
                retirement_date=_dt.date(1983, 10, 1) if kind == "离休" else retirement_date,
                work_start_date=_dt.date(1947, 3, 1)
                if kind == "离休"
                else _dt.date(birth.year + rng.randint(18, 24), rng.choice((7, 8, 9, 12)), 1),
                unit=unit,
                position=rng.choice(
                    ("科员", "副科长", "科长", "副主任", "主任", "副局长", "调研员")
                ),
                rank_level=rank,
                political_status=status,
                party_join_date=party_join,
                party_branch=branch,
                residence_area=area,
                address=address,
                postcode=postcode,
                phone=_phone(rng),
                landline=f"0371-{rng.randint(60000000, 69999999)}" if age > 70 else "",
                in_wechat_group=age < 80 and rng.random() < 0.9,
                living_arrangement=living,
                health_status=health,
                self_care=self_care,
                bedridden=bedridden,
                hardship="特困" if i in (n - 5,) else ("低保" if i == n - 7 else "无"),
                specialties=rng.choice(SPECIALTIES),
                hobbies="、".join(rng.sample(HOBBIES, rng.randint(0, 3))),
                needs=rng.choice(NEEDS) if age >= 70 else "",
                journal="老年春秋",
                newspaper=rng.choice(NEWSPAPERS),
                status="在册",
                search_key=search_key(name),
            )
            spouse_gender = "女" if gender == "男" else "男"
            spouse = _name(rng, spouse_gender, used)
            child = name[0] + _name(rng, "男" if rng.random() < 0.5 else "女", used)[1:]
            Contact.create(
                person=person, name=spouse, relation="配偶", phone=_phone(rng), is_emergency=False
            )
            Contact.create(
                person=person,
                name=child,
                relation=rng.choice(("儿子", "女儿")),
                phone=_phone(rng),
                is_emergency=True,
            )
        for step in DEMO_STEPS:
            step(rng, today)
    return n
