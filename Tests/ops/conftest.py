"""The operations tests' fixture lives in opsutil.py (a module name of its own, so that it does
not collide with the browser tests' conftest)."""
from opsutil import installation  # noqa: F401
