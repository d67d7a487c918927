"""操作员: the clerks who use the program, who is working now, and their passwords.

A password is optional and kept only as a salted scrypt hash (a new random salt per password);
checking one compares in constant time. Who is working is kept per process
(services.settings.set_session_operator): the window asks at start, the command line takes
``--operator``. Every change to the list is written to the audit log, never a password or hash.

The idle lock's minutes (0: never) are a setting too; the window offers it only when some
operator has a password, since only a password can open the lock again.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from peewee import fn

from ..core.errors import RuleError
from ..core.normalize import clean_text
from ..storage.database import db
from ..storage.operator_models import Operator
from . import audit
from .settings import get_setting, session_operator, set_session_operator, set_setting

SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1
HASH_BYTES = 32
SALT_BYTES = 16
MIN_PASSWORD_LENGTH = 4
IDLE_LOCK_KEY = "idle_lock_minutes"
MAX_IDLE_MINUTES = 240


class OperatorError(RuleError):
    """A name, a password or a sign-in that cannot be accepted; ``message`` says what to do."""


@dataclass(frozen=True)
class OperatorInfo:
    """One operator as the window and the command line show it (never the hash)."""

    id: int
    name: str
    has_password: bool


# ------------------------------------------------------------------ passwords


def hash_password(password: str) -> str:
    """A new salted scrypt hash of ``password``: ``scrypt$n$r$p$salt$hash`` (hex)."""
    salt = secrets.token_bytes(SALT_BYTES)
    digest = hashlib.scrypt(
        password.encode("utf-8"),
        salt=salt,
        n=SCRYPT_N,
        r=SCRYPT_R,
        p=SCRYPT_P,
        dklen=HASH_BYTES,
        maxmem=64 * 1024 * 1024,
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def password_matches(stored: str, password: str) -> bool:
    """True when ``password`` gives the hash ``stored`` (compared in constant time)."""
    try:
        scheme, n, r, p, salt, expected = stored.split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(expected) // 2,
            maxmem=64 * 1024 * 1024,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), expected)


def _check_new_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise OperatorError(
            f"密码至少 {MIN_PASSWORD_LENGTH} 位。请换一个更长的密码（可用数字和字母）。"
        )
    if password != password.strip():
        raise OperatorError("密码的开头和结尾不能是空格，请重新输入。")


# ------------------------------------------------------------------ the list


def _info(row: Operator) -> OperatorInfo:
    return OperatorInfo(row.id, row.name, bool(row.password_hash))


def list_operators() -> list[OperatorInfo]:
    """Every operator, in the order they were added."""
    rows = Operator.select().order_by(Operator.sort_order, Operator.id)
    return [_info(r) for r in rows]


def operator_names() -> list[str]:
    return [o.name for o in list_operators()]


def any_password() -> bool:
    """True when at least one operator has a password."""
    return Operator.select().where(Operator.password_hash != "").exists()


def _operator(name: str) -> Operator:
    row = Operator.get_or_none(Operator.name == clean_text(name))
    if row is None:
        names = "、".join(operator_names()) or "（无）"
        raise OperatorError(f"没有名为“{clean_text(name)}”的操作员。现有操作员：{names}。")
    return row


def stored_name(name: str) -> str:
    """The operator's name as stored (refused with the list of names when there is none)."""
    return _operator(name).name


def has_password(name: str) -> bool:
    return bool(_operator(name).password_hash)


def verify(name: str, password: str) -> bool:
    """True when ``password`` is the password of ``name`` (or ``name`` has none)."""
    row = Operator.get_or_none(Operator.name == clean_text(name))
    if row is None:
        return False
    if not row.password_hash:
        return True
    return password_matches(row.password_hash, password)


def _require_password(row: Operator, password: str, what: str) -> None:
    if row.password_hash and not password_matches(row.password_hash, password or ""):
        raise OperatorError(f"{row.name} 的密码不对，没有{what}。请输入 {row.name} 现在的密码。")


def _clean_name(name: str) -> str:
    cleaned = clean_text(name)
    if not cleaned:
        raise OperatorError("请填写操作员的姓名。")
    if len(cleaned) > 20:
        raise OperatorError("操作员姓名太长（最多 20 个字），请只写姓名。")
    return cleaned


def add_operator(name: str, password: str = "") -> OperatorInfo:
    """Add an operator (with a password when one is given)."""
    cleaned = _clean_name(name)
    if Operator.get_or_none(Operator.name == cleaned) is not None:
        raise OperatorError(f"已有名为“{cleaned}”的操作员，同名的请加以区分（如 王丽2）。")
    if password:
        _check_new_password(password)
    with db.atomic():
        order = (Operator.select(fn.MAX(Operator.sort_order)).scalar() or 0) + 1
        row = Operator.create(
            name=cleaned,
            password_hash=hash_password(password) if password else "",
            sort_order=order,
        )
        audit.record(
            "新增",
            "operator",
            row.id,
            f"新增操作员 {cleaned}" + ("（已设密码）" if password else ""),
            {"name": (None, cleaned)},
        )
    return _info(row)


def rename_operator(name: str, new_name: str, password: str = "") -> OperatorInfo:
    """Rename an operator; one with a password must give it. The log keeps the old name on
    the rows written before."""
    row = _operator(name)
    cleaned = _clean_name(new_name)
    if cleaned == row.name:
        return _info(row)
    if Operator.get_or_none(Operator.name == cleaned) is not None:
        raise OperatorError(f"已有名为“{cleaned}”的操作员，请换一个名字。")
    _require_password(row, password, "改名")
    old = row.name
    with db.atomic():
        Operator.update(name=cleaned).where(Operator.id == row.id).execute()
        audit.record(
            "修改", "operator", row.id, f"操作员 {old} 改名为 {cleaned}", {"name": (old, cleaned)}
        )
    if session_operator() == old:
        set_session_operator(cleaned)
    row.name = cleaned
    return _info(row)


def remove_operator(name: str, password: str = "") -> None:
    """Remove an operator (not the one working now); one with a password must give it. The
    rows the operator wrote in the log stay."""
    row = _operator(name)
    if session_operator() == row.name:
        raise OperatorError(f"{row.name} 正在使用程序，不能删除自己。请由其他操作员登录后再删除。")
    _require_password(row, password, "删除")
    with db.atomic():
        Operator.delete_by_id(row.id)
        audit.record(
            "删除", "operator", row.id, f"删除操作员 {row.name}", {"name": (row.name, None)}
        )


def set_password(name: str, old_password: str, new_password: str) -> None:
    """Set, change or (``new_password`` empty) clear a password; the old one must be given."""
    row = _operator(name)
    _require_password(row, old_password, "修改密码")
    if new_password:
        _check_new_password(new_password)
    if not new_password and not row.password_hash:
        return
    action = ("修改" if row.password_hash else "设置") if new_password else "清除"
    with db.atomic():
        Operator.update(password_hash=hash_password(new_password) if new_password else "").where(
            Operator.id == row.id
        ).execute()
        audit.record(
            "修改",
            "operator",
            row.id,
            f"{action}操作员 {row.name} 的密码",
            {"password": ("有" if row.password_hash else "无", "有" if new_password else "无")},
        )


# ------------------------------------------------------------------ who is working


def sign_in(name: str, password: str = "") -> str:
    """Make ``name`` the operator of this process when ``password`` is right; returns the name."""
    row = _operator(name)
    if row.password_hash and not password_matches(row.password_hash, password or ""):
        raise OperatorError(f"{row.name} 的密码不对。请重新输入；忘记密码请向其他操作员求助。")
    set_session_operator(row.name)
    return row.name


def must_ask() -> bool:
    """True when the window must ask who is working: more than one operator, or one with a
    password."""
    operators = list_operators()
    return len(operators) > 1 or any(o.has_password for o in operators)


def sign_in_alone() -> str | None:
    """With exactly one operator and no password, that one is working (no question); the
    name, or None when the window has to ask."""
    operators = list_operators()
    if len(operators) == 1 and not operators[0].has_password:
        set_session_operator(operators[0].name)
        return operators[0].name
    return None


def sign_in_for_command(name: str, password: str | None) -> str:
    """Who writes for a command line: ``name`` (from --operator or the environment) signed in
    with ``password`` when it has one. Without a name it is refused when any operator has a
    password; otherwise the only operator, else the settings name, is recorded."""
    name = clean_text(name or "")
    if not name:
        if any_password():
            raise OperatorError(
                "已设置操作员密码，修改数据的命令必须注明操作员：在命令前加 --operator 姓名"
                "（或设置环境变量 LAO_GAN_BU_OPERATOR），密码用环境变量 LAO_GAN_BU_PASSWORD "
                "或 --password-stdin 提供。没有修改任何数据。"
            )
        alone = sign_in_alone()
        return alone or ""
    if not list_operators():
        set_session_operator(name)  # no list kept: the name given is the name recorded
        return name
    row = _operator(name)
    if row.password_hash and not password:
        raise OperatorError(
            f"{row.name} 已设密码：请用环境变量 LAO_GAN_BU_PASSWORD 或 --password-stdin "
            "提供密码。没有修改任何数据。"
        )
    return sign_in(name, password or "")


# ------------------------------------------------------------------ the idle lock


def idle_lock_minutes() -> int:
    """Minutes without input after which the window locks (0: never)."""
    try:
        return max(0, int(get_setting(IDLE_LOCK_KEY, 0) or 0))
    except (TypeError, ValueError):
        return 0


def set_idle_lock_minutes(minutes: int) -> None:
    """Keep the idle lock's minutes (0: never); audited as a settings change."""
    minutes = int(minutes)
    if not 0 <= minutes <= MAX_IDLE_MINUTES:
        raise OperatorError(f"无操作锁定的分钟数应在 0（不锁定）到 {MAX_IDLE_MINUTES} 之间。")
    before = idle_lock_minutes()
    if before == minutes:
        return
    with db.atomic():
        set_setting(IDLE_LOCK_KEY, minutes)
        audit.record(
            "修改",
            "setting",
            None,
            f"修改设置：无操作 {minutes} 分钟后锁定" if minutes else "修改设置：不自动锁定",
            {IDLE_LOCK_KEY: (before, minutes)},
        )
