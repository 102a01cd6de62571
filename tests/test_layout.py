"""The layout's import rules, read from the source: every import, function-local ones too.

The rules (README, "Layout"):
- ``companies`` imports nothing of ours; ``missions`` only ``companies``;
- ``matchmaking/scoring`` and ``matchmaking/scheduling`` import no Django and nothing else of
  ``matchmaking`` (scoring may read ``companies.taxonomy``, ``companies.text`` and ``companies.bilingual``);
- ``matchmaking/site`` imports only ``companies`` and ``missions``;
- ``matchmaking/matching`` never imports ``matchmaking/meetings``;
- ``matchmaking/meetings`` reads only the models and selectors of ``matching``;
- ``matchmaking/outcomes`` reads only the models and selectors of ``matching`` and
  ``meetings`` (and queues its questionnaires through the meetings outbox); neither
  ``matching`` nor ``meetings`` imports ``outcomes``;
- ``matchmaking/notifications`` and ``matchmaking/messaging`` read other areas' models and
  selectors only (notifications also writes to the meetings outbox, messaging notifies);
  the older areas never import them: they are told through hooks;
- inside an area, views use services and selectors (never tasks, dispatch or persistence),
  tasks call services only, selectors never write nor call what writes;
- ``matchmaking/intelligence`` (market briefs, readiness) imports no other area and no
  area imports it (missions' dashboard asks it through a provider hook);
- ``matchmaking/portability`` (an organisation's export and erasure) reads every model
  through the app registry, so it imports no other area, and no area imports it;
- only the ``dispatch`` modules queue Celery work;
- no import cycle between modules.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = ("companies", "missions", "matchmaking")
AREAS = ("site", "matching", "meetings", "outcomes", "consortia", "notifications", "messaging", "api", "webhooks", "intelligence", "portability", "investors", "landing")
PLAIN = ("matchmaking.scoring", "matchmaking.scheduling", "matchmaking.consortia_cover")
# Notifications (told of events through hooks registered in AppConfig.ready) reads the
# models and selectors of matching and meetings, and writes e-mails to the meetings outbox.
NOTIFICATIONS_READS = (
    "matchmaking.matching.models",
    "matchmaking.matching.selectors",
    "matchmaking.meetings.models",
    "matchmaking.meetings.selectors",
    "matchmaking.meetings.outbox",
)
# Messaging reads the same and notifies through the notifications services.
MESSAGING_READS = (
    "matchmaking.notifications.models",
    "matchmaking.notifications.services",
)
# What the outcomes area may use of the other areas.
OUTCOMES_READS = (
    "matchmaking.matching.models",
    "matchmaking.matching.selectors",
    "matchmaking.meetings.models",
    "matchmaking.meetings.selectors",
    "matchmaking.meetings.outbox",
)
WRITES = {"save", "create", "update", "delete", "bulk_create", "bulk_update",
          "get_or_create", "update_or_create", "full_clean"}
QUEUES = {"delay", "apply_async", "send_task", "delay_on_commit", "apply_async_on_commit"}


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    is_package: bool
    imports: set[str] = field(default_factory=set)


def _module_name(path: Path) -> tuple[str, bool]:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


def load_modules() -> dict[str, Module]:
    modules = {}
    for top in OURS:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            name, is_package = _module_name(path)
            tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
            modules[name] = Module(name, path, tree, is_package)
    for module in modules.values():
        module.imports = _imports(module, modules)
    return modules


def _resolve(module: Module, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    package = module.name if module.is_package else module.name.rpartition(".")[0]
    for _ in range(node.level - 1):
        package = package.rpartition(".")[0]
    return f"{package}.{node.module}" if node.module else package


def _imports(module: Module, modules: dict[str, Module]) -> set[str]:
    """Every name ``module`` imports: a module of ours where it is one, else the top name."""
    found: set[str] = set()
    for node in ast.walk(module.tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(module, node)
            targets = []
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                targets.append(candidate if candidate in modules else base)
        else:
            continue
        for target in targets:
            if target.split(".")[0] in OURS:
                # ``import matchmaking.matching.models`` names the module itself.
                while target and target not in modules:
                    target = target.rpartition(".")[0]
            found.add(target)
    found.discard(module.name)
    return found


def _within(name: str, package: str) -> bool:
    return name == package or name.startswith(package + ".")


def _area(name: str) -> str | None:
    parts = name.split(".")
    if len(parts) >= 2 and parts[0] == "matchmaking" and parts[1] in AREAS:
        return parts[1]
    return None


def _role(name: str) -> str:
    """A module's role in its area: views, tasks, selectors, services, dispatch, ..."""
    return name.split(".")[2] if name.count(".") >= 2 else ""


def _calls(tree: ast.AST, attributes: set[str]) -> list[tuple[int, str]]:
    return [
        (node.lineno, node.func.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in attributes
    ]


def violations(modules: dict[str, Module]) -> list[str]:
    """Every broken rule, as one readable line each."""
    out = []
    for module in modules.values():
        name = module.name
        ours = {i for i in module.imports if i.split(".")[0] in OURS}
        for target in sorted(module.imports):
            where = f"{name} imports {target}"
            if _within(name, "companies") and not _within(target, "companies") and target in ours:
                out.append(f"{where}: companies imports nothing of the other apps")
            if _within(name, "missions") and _within(target, "matchmaking"):
                out.append(f"{where}: missions imports only companies")
            if any(_within(name, plain) for plain in PLAIN):
                own = next(plain for plain in PLAIN if _within(name, plain))
                if target.split(".")[0] in ("django", "celery", "allauth", "django_filters"):
                    out.append(f"{where}: the plain algorithm packages import no Django")
                if _within(target, "matchmaking") and not _within(target, own):
                    out.append(f"{where}: a plain algorithm package imports nothing of matchmaking")
                if target in ours and not _within(target, "matchmaking") and target not in (
                    "companies.taxonomy",
                    "companies.text",
                    "companies.bilingual",
                ):
                    out.append(f"{where}: plain packages read only companies.taxonomy, .text and .bilingual")
            if _within(name, "matchmaking.site") and _within(target, "matchmaking") and not (
                _within(target, "matchmaking.site")
            ):
                out.append(f"{where}: site imports only companies and missions")
            if _area(target) in ("api", "webhooks") and _area(name) not in (
                "api", "webhooks"
            ) and name not in ("matchmaking.apps", "matchmaking.models", "matchmaking.tasks"):
                out.append(f"{where}: no area imports the api or webhooks areas")
            if (_area(name) == "intelligence") != (_area(target) == "intelligence") and (
                _area(name) is not None and _area(target) is not None
            ):
                out.append(f"{where}: intelligence (briefs, readiness) and the other areas"
                           " never import each other; missions asks it through a hook")
            if (_area(name) == "portability") != (_area(target) == "portability") and (
                _area(name) is not None and _area(target) is not None
            ):
                out.append(f"{where}: portability reads other areas' models through the app"
                           " registry; no area imports it")
            if _within(name, "matchmaking.matching") and _within(target, "matchmaking.meetings"):
                out.append(f"{where}: matching never imports meetings")
            if (
                _within(name, "matchmaking.matching") or _within(name, "matchmaking.meetings")
            ) and _within(target, "matchmaking.outcomes"):
                out.append(f"{where}: matching and meetings never import outcomes")
            if (
                _within(name, "matchmaking.outcomes")
                and _within(target, "matchmaking")
                and _area(target) not in (None, "outcomes")
                and target not in OUTCOMES_READS
            ):
                out.append(
                    f"{where}: outcomes reads only matching's and meetings' models and selectors"
                    " (and adds questionnaires to the meetings outbox)"
                )
            if (
                _area(name) in ("site", "matching", "meetings", "outcomes", "consortia")
                and _area(target) in ("notifications", "messaging")
            ):
                out.append(f"{where}: notifications and messaging are told through hooks")
            if (
                _within(name, "matchmaking.notifications")
                and _area(target) not in (None, "notifications")
                and target not in NOTIFICATIONS_READS
            ):
                out.append(f"{where}: notifications reads only models and selectors of others")
            if (
                _within(name, "matchmaking.messaging")
                and _area(target) not in (None, "messaging")
                and target not in (*NOTIFICATIONS_READS, *MESSAGING_READS)
            ):
                out.append(f"{where}: messaging reads models and selectors, and notifies")
            if (
                _within(name, "matchmaking.meetings")
                and _within(target, "matchmaking.matching")
                and target not in ("matchmaking.matching.models", "matchmaking.matching.selectors")
            ):
                out.append(f"{where}: meetings reads only matching's models and selectors")
            area, role = _area(name), _role(name)
            if area and _area(target) == area:
                target_role = _role(target)
                if role == "views" and target_role in ("tasks", "dispatch", "persistence"):
                    out.append(f"{where}: views call services and selectors only")
                if role == "tasks" and target_role in ("views", "selectors", "dispatch"):
                    out.append(f"{where}: tasks call services only")
                if role == "selectors" and target_role in (
                    "services", "rescoring", "schedule", "outbox", "tasks", "dispatch"
                ):
                    out.append(f"{where}: selectors never call what writes")
                if role == "dispatch" and target_role == "tasks":
                    out.append(f"{where}: dispatch finds tasks by name, never imports them")
        if _role(name) == "selectors" or name.endswith(".selectors"):
            for line, call in _calls(module.tree, WRITES - {"full_clean"}):
                if call in ("update", "create", "delete") and _area(name) is None:
                    continue  # dict.update and the like in the older apps' selectors
                out.append(f"{name}:{line} calls .{call}(): selectors never write")
        if not name.endswith(".dispatch"):
            for line, call in _calls(module.tree, QUEUES):
                out.append(f"{name}:{line} calls .{call}(): only dispatch modules queue work")
    out += [f"import cycle: {' → '.join(cycle)}" for cycle in cycles(modules)]
    return out


def cycles(modules: dict[str, Module]) -> list[list[str]]:
    """The import cycles between our modules (strongly connected components, Tarjan)."""
    graph = {n: sorted(i for i in m.imports if i in modules) for n, m in modules.items()}
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for successor in graph[node]:
            if successor not in index:
                visit(successor)
                low[node] = min(low[node], low[successor])
            elif successor in on_stack:
                low[node] = min(low[node], index[successor])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


@pytest.fixture(scope="module")
def modules() -> dict[str, Module]:
    return load_modules()


def test_the_source_keeps_every_import_rule(modules):
    assert violations(modules) == []


def _with_import(modules: dict[str, Module], name: str, source: str) -> dict[str, Module]:
    """``modules`` as if ``source`` were added at the end of module ``name``."""
    changed = dict(modules)
    original = modules[name]
    tree = ast.parse(original.path.read_text(encoding="utf-8") + "\n" + source + "\n")
    module = Module(name, original.path, tree, original.is_package)
    module.imports = _imports(module, modules)
    changed[name] = module
    return changed


@pytest.mark.parametrize(
    ("module", "source", "rule"),
    [
        ("matchmaking.matching.services", "from ..meetings import models",
         "matching never imports meetings"),
        ("matchmaking.meetings.services", "def f():\n    from ..matching import rescoring",
         "meetings reads only matching's models and selectors"),
        ("matchmaking.portability.services", "from ..webhooks.models import Webhook",
         "portability reads other areas' models through the app registry"),
        ("matchmaking.outcomes.services", "from ..portability import services",
         "portability reads other areas' models through the app registry"),
        ("matchmaking.meetings.views", "from ..outcomes import selectors",
         "matching and meetings never import outcomes"),
        ("matchmaking.matching.selectors", "def f():\n    from matchmaking.outcomes import kpis",
         "matching and meetings never import outcomes"),
        ("matchmaking.outcomes.services", "from ..meetings import services",
         "outcomes reads only matching's and meetings' models and selectors"),
        ("matchmaking.outcomes.views", "from ..matching import rescoring",
         "outcomes reads only matching's and meetings' models and selectors"),
        ("matchmaking.scoring.records", "import django.db", "import no Django"),
        ("matchmaking.scheduling.check", "from matchmaking.matching import models",
         "imports nothing of matchmaking"),
        ("matchmaking.intelligence.selectors", "from ..matching import selectors",
         "intelligence (briefs, readiness) and the other areas never import each other"),
        ("matchmaking.consortia.views", "from ..intelligence import selectors",
         "intelligence (briefs, readiness) and the other areas never import each other"),
        ("matchmaking.site.views", "from matchmaking.matching import selectors",
         "site imports only companies and missions"),
        ("matchmaking.matching.views", "from . import dispatch",
         "views call services and selectors only"),
        ("matchmaking.meetings.tasks", "from . import selectors", "tasks call services only"),
        ("matchmaking.matching.selectors", "def f(match):\n    match.save()",
         "selectors never write"),
        ("matchmaking.meetings.services", "def f(task):\n    task.delay()",
         "only dispatch modules queue work"),
        ("companies.models", "from missions import models", "companies imports nothing"),
        ("missions.models", "from matchmaking.matching import models",
         "missions imports only companies"),
        ("matchmaking.matching.models", "def f():\n    from . import services",
         "import cycle"),
    ],
)
def test_a_forbidden_import_is_reported(modules, module, source, rule):
    found = violations(_with_import(modules, module, source))
    assert any(rule in line for line in found), found


def test_the_graph_sees_function_local_and_relative_imports(modules):
    # A sample the rules depend on: relative imports resolve to the module they name.
    assert "matchmaking.matching.dispatch" in modules["matchmaking.matching.services"].imports
    assert "companies.rules" in modules["matchmaking.meetings.services"].imports
    assert "matchmaking.matching.models" in modules["matchmaking.meetings.services"].imports


def test_no_module_of_matchmaking_is_longer_than_600_lines(modules):
    allowed = {"matchmaking.demo.content"}  # the demo's text, not code
    long = {
        name: n
        for name, module in modules.items()
        if _within(name, "matchmaking")
        and name not in allowed
        and (n := len(module.path.read_text(encoding="utf-8").splitlines())) > 600
    }
    assert long == {}
