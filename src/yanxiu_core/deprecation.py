"""Deprecating a public name: it keeps working for one more minor version and warns.

A name in ``yanxiu_core`` that is to go is wrapped with :func:`deprecated` and its docstring says
``.. deprecated:: <since>``; additions say ``.. versionadded:: <version>``. The warning names what
to use instead and when the name will be removed, so a plugin author sees it in their tests
(pytest shows ``DeprecationWarning``) a whole minor version before anything breaks.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])


def deprecated(*, since: str, removed_in: str, instead: str = "") -> Callable[[F], F]:
    """Mark a function or method as deprecated since plugin API ``since``; calling it warns
    (``DeprecationWarning``) that it goes in ``removed_in`` and what to use ``instead``."""

    def wrap(func: F) -> F:
        what = getattr(func, "__qualname__", repr(func))
        message = (f"{what} is deprecated since plugin API {since} and will be removed in "
                   f"{removed_in}" + (f"; use {instead}" if instead else ""))

        @functools.wraps(func)
        def warned(*args: Any, **kwargs: Any) -> Any:
            warnings.warn(message, DeprecationWarning, stacklevel=2)
            return func(*args, **kwargs)

        note = f"\n\n.. deprecated:: {since}\n   Removed in {removed_in}." + (
            f" Use {instead}." if instead else "")
        warned.__doc__ = (func.__doc__ or "") + note
        return warned  # type: ignore[return-value]

    return wrap
