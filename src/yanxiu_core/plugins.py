"""Plugin loading and the typed facade over pluggy.

Built-in modules, then ``yanxiu`` entry points (one by one, each in its own try/except), then
``<workspace>/plugins/*.py`` files are registered. A plugin that fails to import, or names a hook
that does not exist, is listed as failed with its error; the others keep working. Nothing else in
the core calls ``pm.hook.*``: it goes through :class:`PluginHost`.
"""

from __future__ import annotations

import importlib
import importlib.metadata as md
import importlib.util
import inspect
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import attrs
import pluggy

from . import hookspecs
from .errors import PluginError
from .program import ProgramContext, ProgramType
from .renderers import OutputRenderer

if TYPE_CHECKING:
    import click

ENTRY_POINT_GROUP = "yanxiu"
BUILTIN_PLUGINS = ("yanxiu_core.default_renderers",)


@attrs.define
class PluginInfo:
    """What ``yanxiu plugins`` shows about one plugin."""

    name: str
    version: str = ""
    source: str = "entrypoint"  # builtin | entrypoint | local
    status: str = "active"  # active | disabled | failed
    hooks: tuple[str, ...] = ()
    program_types: tuple[str, ...] = ()
    error: str | None = None
    distribution: str = ""  # the installed distribution that provides it (entry points)
    location: str = ""  # the file or folder it was loaded from
    renderers: tuple[str, ...] = ()
    commands: tuple[str, ...] = ()
    api: str = ""  # the plugin API range it declares (``yanxiu_api``), if any


@attrs.frozen
class PluginFailure:
    """A hook that raised while working for one school."""

    plugin: str
    hook: str
    school: str
    error: str
    traceback_text: str = ""
    origin: str = ""  # the distribution and version, e.g. ``yanxiu-reading 0.3.1``

    def __str__(self) -> str:
        where = f"学校 {self.school}，" if self.school else ""
        origin = f"，{self.origin}" if self.origin else ""
        return f"插件 {self.plugin}（{where}钩子 {self.hook}{origin}）出错：{self.error}"


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _short_error(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


@attrs.define
class PluginHost:
    """The loaded plugins and typed access to their hooks."""

    pm: pluggy.PluginManager
    infos: list[PluginInfo]
    strict: bool = False
    failures: list[PluginFailure] = attrs.field(factory=list)
    registration_problems: list[str] = attrs.field(factory=list)
    _types: dict[str, ProgramType] | None = None
    _type_owner: dict[str, str] = attrs.field(factory=dict)
    _renderers: dict[str, OutputRenderer] | None = None
    _renderer_owner: dict[str, str] = attrs.field(factory=dict)
    _commands_added: bool = False

    def info(self, name: str) -> PluginInfo | None:
        """The listing entry of plugin ``name``."""
        return next((i for i in self.infos if i.name == name), None)

    def _impls(self, hook_name: str) -> list[Any]:
        caller = getattr(self.pm.hook, hook_name)
        impls = list(caller.get_hookimpls())
        order = {i.name: n for n, i in enumerate(self.infos)}
        return sorted(impls, key=lambda impl: order.get(impl.plugin_name, len(order)))

    def _fail(self, plugin: str, hook: str, exc: BaseException, school: str = "") -> None:
        if self.strict:
            raise exc
        info = self.info(plugin)
        origin = ""
        if info is not None and (info.distribution or info.version):
            origin = " ".join(x for x in (info.distribution or info.name, info.version) if x)
        self.failures.append(PluginFailure(plugin, hook, school, _short_error(exc),
                                           traceback.format_exc(), origin))
        if info is not None and not school:
            info.status, info.error = "failed", _short_error(exc)

    def _collect(self, hook_name: str, validate: Callable[[str, Any], str | None]) -> None:
        """Call each plugin's impl of a registration hook on its own, attributing results."""
        for impl in self._impls(hook_name):
            found: list[Any] = []
            try:
                call_impl(impl, register=found.append)
            except Exception as exc:
                self._fail(impl.plugin_name, hook_name, exc)
                continue
            for obj in found:
                problem = validate(impl.plugin_name, obj)
                if problem:
                    self._registration_problem(impl.plugin_name, hook_name, problem)

    def _registration_problem(self, plugin: str, hook: str, problem: str) -> None:
        """An invalid or duplicate record: ignored, but shown (``plugins``, exit 1) — or raised
        in strict mode. The plugin's other registrations stay."""
        if self.strict:
            raise PluginError(problem)
        self.registration_problems.append(problem)
        self.failures.append(PluginFailure(plugin, hook, "", problem))
        info = self.info(plugin)
        if info is not None:
            info.error = f"{info.error}；{problem}" if info.error else problem

    def program_types(self) -> dict[str, ProgramType]:
        """Registered program types by name (each attributed to its plugin)."""
        if self._types is None:
            self._types = {}

            def add(plugin: str, obj: Any) -> str | None:
                assert self._types is not None
                if not isinstance(obj, ProgramType) or not getattr(obj, "name", "") \
                        or not getattr(obj, "title", "") or not attrs.has(obj.Settings):
                    return (f"插件 {plugin} 注册的项目类型无效：{obj!r}（应为 ProgramType 子类的实例，"
                            "设有 name、title，Settings 为 attrs 类）")
                if obj.name in self._types:
                    return (f"项目类型 {obj.name!r} 重复注册：插件 {self._type_owner[obj.name]} 与 "
                            f"{plugin}；已忽略后者")
                self._types[obj.name] = obj
                self._type_owner[obj.name] = plugin
                info = self.info(plugin)
                if info is not None:
                    info.program_types = (*info.program_types, obj.name)
                return None

            self._collect("yanxiu_program_types", add)
        return self._types

    def plugin_of(self, type_name: str) -> str:
        """The name of the plugin that registered program type ``type_name`` (``?`` if none)."""
        self.program_types()
        return self._type_owner.get(type_name, "?")

    def renderers(self) -> dict[str, OutputRenderer]:
        """Registered output renderers by name."""
        if self._renderers is None:
            self._renderers = {}

            def add(plugin: str, obj: Any) -> str | None:
                assert self._renderers is not None
                if not isinstance(obj, OutputRenderer) or not obj.name or not callable(obj.render):
                    return f"插件 {plugin} 注册的输出格式无效：{obj!r}（应为 OutputRenderer）"
                if obj.name in self._renderers:
                    return (f"输出格式 {obj.name!r} 重复注册：插件 {self._renderer_owner[obj.name]} 与 "
                            f"{plugin}；已忽略后者")
                self._renderers[obj.name] = obj
                self._renderer_owner[obj.name] = plugin
                info = self.info(plugin)
                if info is not None:
                    info.renderers = (*info.renderers, obj.name)
                return None

            self._collect("yanxiu_output_renderers", add)
        return self._renderers

    def register_commands(self, group: click.Group) -> None:
        """Let every plugin add its Click commands to ``group`` (once; each plugin on its own)."""
        if self._commands_added:
            return
        self._commands_added = True
        for impl in self._impls("yanxiu_register_commands"):
            try:
                call_impl(impl, cli=group)
            except Exception as exc:
                self._fail(impl.plugin_name, "yanxiu_register_commands", exc)
            info = self.info(impl.plugin_name)
            module = getattr(self.pm.get_plugin(impl.plugin_name), "__name__", "")
            if info is not None and module:  # the commands whose code lives in the plugin
                info.commands = tuple(sorted(
                    name for name, cmd in group.commands.items()
                    if _command_module(cmd) == module
                    or _command_module(cmd).startswith(module + ".")))

    def call(self, type_name: str, method: str, ctx: ProgramContext, default: Any) -> Any:
        """Run one program type's method for one school; a raise or a result of the wrong type
        becomes a recorded failure naming the plugin, the method and the school.

        Iterable results are turned into lists inside the ``try`` so that a lazy generator fails
        here, attributed to its plugin, and not later in the core. Returns ``default`` on failure
        (strict mode re-raises).
        """
        program = self.program_types().get(type_name)
        if program is None:
            raise PluginError(f"未注册的项目类型 {type_name!r}；已注册："
                              + ("、".join(sorted(self.program_types())) or "（无）"))
        try:
            result = call_method(getattr(program, method), ctx)
            if result is not None and not isinstance(result, (str, bytes, Mapping)) and \
                    isinstance(result, Iterable) and not hasattr(result, "blocks"):
                result = list(result)  # a lazy generator must fail inside this try
            problem = result_problem(method, result)
            if problem:
                raise PluginResultError(problem)
            return result
        except Exception as exc:
            self._fail(self.plugin_of(type_name), method, exc, school=ctx.school.id)
            return default

    def render(self, renderer: OutputRenderer, report: Any, options: Any, school: str = "") -> Any:
        """Run a renderer; a raise or a result that is neither text nor bytes becomes a recorded
        failure naming the renderer's plugin (``None`` is returned)."""
        try:
            content = renderer(report, options)
            if not isinstance(content, (str, bytes)):
                raise PluginResultError(f"返回了 {type(content).__name__}，应为 str 或 bytes")
            return content
        except Exception as exc:
            self.renderers()
            plugin = self._renderer_owner.get(renderer.name, "?")
            self._fail(plugin, f"render:{renderer.name}", exc, school=school)
            return None


def _command_module(command: click.Command) -> str:
    callback = command.callback
    if callback is None and isinstance(command, click.Group):  # a group: its first command's
        callback = next((c.callback for c in command.commands.values() if c.callback), None)
    return str(getattr(callback, "__module__", "") or "")


def call_impl(impl: Any, **available: Any) -> Any:
    """Call one plugin's hook implementation with the arguments it asks for, matched by name
    from the hook's arguments as pluggy's own hook caller does (``impl.argnames``): an
    implementation may accept a subset, so a hook that gains an argument never breaks an older
    plugin. Each plugin is called on its own so that one failure is attributed to it."""
    return impl.function(**{name: available[name] for name in impl.argnames if name in available})


def call_method(method: Callable[..., Any], ctx: Any) -> Any:
    """Call a ``ProgramType`` method with the context when it takes one: ``def plan(self, ctx)``,
    any name (``def plan(self, context)``), or none at all (``def plan(self)``)."""
    try:
        params = [p for p in inspect.signature(method).parameters.values()
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD, p.VAR_POSITIONAL)]
    except (TypeError, ValueError):  # a builtin or C callable: pass the context
        return method(ctx)
    return method(ctx) if params else method()


class PluginResultError(TypeError):
    """A program method or renderer returned something of the wrong type."""


def _expected_items() -> dict[str, tuple[type, ...]]:
    from .document import BulletList, Chart, KeyFigures, Paragraph, Table
    from .errors import Problem
    from .hours import Credit
    from .program import (
        Figure,
        Finding,
        Indicator,
        Membership,
        PlannedSession,
        SummativeItem,
        Veto,
    )

    return {
        "validate": (Problem,),
        "plan": (PlannedSession,),
        "indicators": (Indicator,),
        "assessments": (SummativeItem,),
        "vetoes": (Veto,),
        "credits": (Credit,),
        "basics": (Paragraph, BulletList, KeyFigures, Table, Chart),
        "findings": (Finding,),
        "figures": (Figure,),
        "members": (Membership,),
    }


def result_problem(method: str, result: Any) -> str:
    """What is wrong with a program method's result (``""`` when it has the documented type):
    ``section`` returns a ``Section`` or ``None``; the others an iterable of their records."""
    from .document import Section

    if method == "section":
        if result is None or isinstance(result, Section):
            return ""
        return f"返回了 {type(result).__name__}，应为 Section 或 None"
    expected = _expected_items().get(method)
    if expected is None:
        return ""
    names = "、".join(t.__name__ for t in expected)
    if not isinstance(result, list):
        return f"返回了 {type(result).__name__}，应为由 {names} 组成的列表"
    for i, item in enumerate(result):
        if not isinstance(item, expected):
            return f"第 {i + 1} 项是 {type(item).__name__}，应为 {names}"
    return ""


def _dist_version(module: ModuleType, fallback: str = "") -> str:
    version = getattr(module, "__version__", "")
    return str(version) if version else fallback


def api_problem(module: object, name: str) -> str:
    """Why a plugin cannot be used with this core's plugin API (``""`` when it can): the range
    in its ``yanxiu_api`` attribute (a version specifier, ``">=1.0,<2"``) excludes
    :data:`PLUGIN_API_VERSION`, or is not a valid specifier."""
    from packaging.specifiers import InvalidSpecifier, SpecifierSet

    from ._version import PLUGIN_API_VERSION

    declared = getattr(module, "yanxiu_api", None)
    if declared is None:
        return ""
    try:
        wanted = SpecifierSet(str(declared))
    except InvalidSpecifier:
        return (f"插件 {name} 声明的插件接口范围 yanxiu_api = {declared!r} 无效"
                "（应为版本范围，如 \">=1.0,<2\"）")
    if wanted.contains(PLUGIN_API_VERSION, prereleases=True):
        return ""
    return (f"插件 {name} 支持的插件接口为 {declared}，本版 yanxiu 的插件接口版本为 "
            f"{PLUGIN_API_VERSION}：未加载；请安装与之相配的 yanxiu 或插件版本")


def _location(module: object) -> str:
    path = getattr(module, "__file__", None)
    if not path:
        return ""
    file = Path(path)
    return str(file.parent if file.name == "__init__.py" else file)


def _register(pm: pluggy.PluginManager, module: object, info: PluginInfo, strict: bool) -> None:
    info.location = info.location or _location(module)
    info.api = str(getattr(module, "yanxiu_api", "") or "")
    problem = api_problem(module, info.name)
    if problem:
        if strict:
            raise PluginError(problem)
        info.status, info.error = "failed", problem
        return
    try:
        pm.register(module, name=info.name)
        hooks = tuple(sorted({impl.name for impl in (pm.get_hookcallers(module) or [])}))
        info.hooks = hooks
    except Exception as exc:
        if strict:
            raise
        info.status, info.error = "failed", _short_error(exc)


def _unknown_hooks(pm: pluggy.PluginManager, infos: list[PluginInfo], strict: bool) -> None:
    """``check_pending`` for each plugin: a misspelt hook name fails that plugin only."""
    for info in infos:
        plugin = pm.get_plugin(info.name)
        if plugin is None or info.status != "active":
            continue
        unknown = []
        for name in dir(plugin):
            opts = pm.parse_hookimpl_opts(plugin, name)
            if opts is None or opts.get("optionalhook"):
                continue
            hook_name = opts.get("specname") or name
            if getattr(getattr(pm.hook, hook_name, None), "spec", None) is None:
                unknown.append(hook_name)
        if unknown:
            message = f"未知的钩子 {', '.join(unknown)}（拼写错误？可用钩子见 docs/plugins/hooks.md）"
            if strict:
                raise PluginError(f"插件 {info.name}：{message}")
            pm.unregister(plugin)
            info.status, info.error, info.hooks = "failed", message, ()
    pm.check_pending()


def load_plugins(*, workspace: Path | None = None, no_plugins: bool = False,
                 disabled: Iterable[str] = (), strict: bool = False,
                 entry_points: Iterable[md.EntryPoint] | None = None,
                 builtins: Iterable[str] = BUILTIN_PLUGINS) -> PluginHost:
    """Load built-in, entry-point and workspace-local plugins; see the module docstring.

    Environment: ``YANXIU_NO_PLUGINS=1``, ``YANXIU_DISABLE_PLUGINS=a,b``,
    ``YANXIU_STRICT_PLUGINS=1``. Disabled plugins are never imported.
    """
    no_plugins = no_plugins or _env_flag("YANXIU_NO_PLUGINS")
    strict = strict or _env_flag("YANXIU_STRICT_PLUGINS")
    off = set(disabled) | {n.strip() for n in os.environ.get("YANXIU_DISABLE_PLUGINS", "").split(",")
                           if n.strip()}
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    infos: list[PluginInfo] = []

    for module_name in builtins:  # the core's own behaviour, through the same hooks
        info = PluginInfo(name=module_name, version=_core_version(), source="builtin")
        infos.append(info)
        try:
            module = importlib.import_module(module_name)
        except Exception as exc:
            if strict:
                raise
            info.status, info.error = "failed", _short_error(exc)
            continue
        _register(pm, module, info, strict)

    if not no_plugins:
        eps = entry_points if entry_points is not None else md.entry_points(group=ENTRY_POINT_GROUP)
        seen: dict[str, str] = {}
        for ep in eps:
            if seen.get(ep.name) == ep.value:
                continue  # the same distribution seen twice on sys.path
            version = ep.dist.version if ep.dist is not None else ""
            info = PluginInfo(name=ep.name, version=version, source="entrypoint",
                              distribution=ep.dist.metadata["Name"] if ep.dist is not None else "")
            infos.append(info)
            if ep.name in seen or ep.name in {i.name for i in infos[:-1]}:
                info.status = "failed"
                owner = seen.get(ep.name, "内置插件")
                info.error = f"插件名 {ep.name!r} 已被占用（{owner}）；未加载 {ep.value}"
                if strict:
                    raise PluginError(info.error)
                continue
            seen[ep.name] = ep.value
            if ep.name in off:
                info.status = "disabled"
                continue
            try:
                module = ep.load()
            except Exception as exc:
                if strict:
                    raise
                info.status, info.error = "failed", _short_error(exc)
                continue
            _register(pm, module, info, strict)
        if workspace is not None:
            infos += _load_local(pm, Path(workspace), off, strict)

    _unknown_hooks(pm, infos, strict)
    return PluginHost(pm=pm, infos=infos, strict=strict)


def _load_local(pm: pluggy.PluginManager, workspace: Path, off: set[str],
                strict: bool) -> list[PluginInfo]:
    """One-off plugins kept as ``.py`` files in the workspace's ``plugins/`` folder."""
    infos = []
    for path in sorted((workspace / "plugins").glob("*.py")):
        name = path.stem
        info = PluginInfo(name=name, source="local")
        infos.append(info)
        if name in off:
            info.status = "disabled"
            continue
        try:
            spec = importlib.util.spec_from_file_location(f"yanxiu_local_{name}", path)
            if spec is None or spec.loader is None:
                raise ImportError(f"cannot load {path}")
            module = importlib.util.module_from_spec(spec)
            sys.modules[spec.name] = module
            spec.loader.exec_module(module)
        except Exception as exc:
            if strict:
                raise
            info.status, info.error = "failed", _short_error(exc)
            continue
        info.version = _dist_version(module)
        _register(pm, module, info, strict)
    return infos


def _core_version() -> str:
    from ._version import __version__

    return __version__
