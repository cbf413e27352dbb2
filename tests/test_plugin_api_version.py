"""The plugin API version: a plugin declares the range it supports (``yanxiu_api``); a mismatch
is a clear message at load — the plugin is listed as failed, the others work — not a crash later.
Deprecated names warn for a minor version before they go."""

from __future__ import annotations

import warnings
from types import ModuleType
from typing import Any

import pytest

from yanxiu_core import PLUGIN_API_VERSION, ProgramType, deprecated, hookimpl
from yanxiu_core.errors import PluginError
from yanxiu_core.testing import PluginHostFactory


class Tiny(ProgramType):
    name = "tiny"
    title = "小项目"


def plugin(api: str | None) -> ModuleType:
    module = ModuleType("tiny_plugin")
    if api is not None:
        module.yanxiu_api = api  # type: ignore[attr-defined]

    @hookimpl
    def yanxiu_program_types(register: Any) -> None:
        register(Tiny())

    module.yanxiu_program_types = yanxiu_program_types  # type: ignore[attr-defined]
    return module


def test_the_core_says_its_version() -> None:
    major, minor = (int(x) for x in PLUGIN_API_VERSION.split("."))
    assert major >= 1 and minor >= 0


@pytest.mark.parametrize("api", [None, ">=1.0,<2", f"=={PLUGIN_API_VERSION}", ">=1"])
def test_a_matching_or_absent_range_loads(plugin_host_factory: PluginHostFactory,
                                          api: str | None) -> None:
    host = plugin_host_factory(tiny=plugin(api))
    assert "tiny" in host.program_types()
    assert host.info("tiny").status == "active"  # type: ignore[union-attr]


def test_a_range_that_excludes_the_core_is_refused_at_load(
        plugin_host_factory: PluginHostFactory) -> None:
    host = plugin_host_factory(tiny=plugin(">=2.0,<3"))
    info = host.info("tiny")
    assert info is not None and info.status == "failed"
    assert info.error == (f"插件 tiny 支持的插件接口为 >=2.0,<3，本版 yanxiu 的插件接口版本为 "
                          f"{PLUGIN_API_VERSION}：未加载；请安装与之相配的 yanxiu 或插件版本")
    assert host.program_types() == {}
    with pytest.raises(PluginError, match="插件接口"):
        plugin_host_factory(tiny=plugin(">=2.0,<3"), strict=True)


def test_an_invalid_range_is_named(plugin_host_factory: PluginHostFactory) -> None:
    host = plugin_host_factory(tiny=plugin("version one"))
    info = host.info("tiny")
    assert info is not None and info.status == "failed" and "'version one' 无效" in (info.error or "")


def test_deprecated_warns_and_still_works() -> None:
    @deprecated(since="1.1", removed_in="1.3", instead="yanxiu_core.new_helper")
    def old_helper(x: int) -> int:
        """Double it."""
        return 2 * x

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert old_helper(2) == 4
    (w,) = caught
    assert issubclass(w.category, DeprecationWarning)
    assert "deprecated since plugin API 1.1 and will be removed in 1.3; use yanxiu_core.new_helper" \
        in str(w.message)
    assert ".. deprecated:: 1.1" in (old_helper.__doc__ or "")
