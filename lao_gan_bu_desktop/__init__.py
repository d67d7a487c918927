"""老干部工作台：离退休干部工作的离线桌面程序。"""

from .storage.deferred_drivers import install as _defer_postgres_drivers

__version__ = "0.2.0"

_defer_postgres_drivers()  # before anything imports peewee: see storage/deferred_drivers.py
