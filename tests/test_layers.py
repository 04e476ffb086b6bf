"""Who may import whom, read from the source with `ast` (nothing is imported), imports inside functions included.

The portal's code stands in layers; a module may import its own layer and the layers below it, never above:

    trail     audits: the audit trail (models, recorder, chain, verification, streaming, exports, the
              client address, the audit-log pages and their date filter). Everyone records through it, so
              it imports no other app (its foreign keys name the core's models as strings).
    core      policyportal: districts, schools, people, policy versions, notifications, the outbox, the
              reminder and demo registries, the PDF printer (policyportal.pdf), the core's own pages.
              Built on the trail.
    sites     sites (app label groupsites): the site registry, and personal use in sites/personal.
              Never imports requests.
    requests  requests: request forms and their approval chain; approval opens a site.
    reports   audits' cross-app reports: audits.reports*, report_views, report_specs, report_urls, and the
              charts only they draw. They read every app; their PDFs print through the core's printer.
    shell     policyportal's settings, urls, celery, wsgi, asgi, the package itself (it loads Celery), and
              the modules whose job is to put every app together: the home page (policyportal.home).

A lower layer reaches a higher one only by registration or by name, never by import: each app registers its
reminder sweeps from its AppConfig.ready and its demo history from its demo module (which seed_demo
autodiscovers); the outbox enqueues Celery tasks by name; settings name classes as strings.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = ("policyportal", "audits", "sites", "requests")

LAYERS = ("trail", "core", "sites", "requests", "reports", "shell")
APP_LAYER = {"audits": "trail", "policyportal": "core", "sites": "sites", "requests": "requests"}
# Modules that sit above their app's own layer: these modules and the packages beneath them.
REPORTS = (
    "audits.reports",
    "audits.report_views",
    "audits.report_specs",
    "audits.report_urls",
    "audits.charts",
    "audits.records_package_views",
    "audits.records_package_urls",
    "audits.tasks",
)
SHELL = (
    "policyportal",  # the package's __init__ loads the Celery app (this one name only, not the package beneath)
    "policyportal.settings",
    "policyportal.urls",
    "policyportal.celery",
    "policyportal.wsgi",
    "policyportal.asgi",
    "policyportal.home",
)
RECORDER = "audits.recorder"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for app in APPS
        for path in sorted((ROOT / app).rglob("*.py"))
        if "migrations" not in path.relative_to(ROOT).parts
    }


MODULES = _modules()


def _first_party(name: str) -> str | None:
    """The module a dotted name lives in (`sites.models.Site` is in `sites.models`), or None if not ours."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path) -> dict[str, int]:
    """Every first-party module `module` imports, anywhere in the file, with the line of the first import."""
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: dict[str, int] = {}
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], node.module or ""])
            else:
                base = node.module or ""
            # `from sites import services` imports the module sites.services; `from sites.models import Site`
            # imports sites.models: the longest name that is a module decides.
            names = [f"{base.strip('.')}.{alias.name}" for alias in node.names]
        else:
            continue
        for name in names:
            target = _first_party(name)
            if target and target != module:
                found.setdefault(target, node.lineno)
    return found


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _edge(source: str, target: str) -> str:
    return f"{source} -> {target} ({MODULES[source].relative_to(ROOT)}:{GRAPH[source][target]})"


def _strongly_connected(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: the graph's strongly connected components."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, targets = work[-1]
            for target in targets:
                if target not in index:
                    index[target] = low[target] = len(index)
                    stack.append(target)
                    on_stack.add(target)
                    work.append((target, iter(sorted(graph[target]))))
                    break
                if target in on_stack:
                    low[node] = min(low[node], index[target])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components


def layer_of(module: str) -> str:
    if module in SHELL:
        return "shell"
    if any(module == name or module.startswith(f"{name}.") for name in REPORTS):
        return "reports"
    return APP_LAYER[module.partition(".")[0]]


VIEW_MODULES_BY_OTHER_NAMES = {"policyportal.home"}  # views by what they serve, not by name


def is_views(module: str) -> bool:
    parts = module.split(".")
    named = parts[-1] == "views" or parts[-1].endswith("_views") or "views" in parts[:-1]
    return named or module in VIEW_MODULES_BY_OTHER_NAMES


def test_the_graph_is_read_from_the_source():
    """Guards the parser: if it stopped finding imports, every other test here would pass for nothing."""
    assert len(MODULES) > 100
    assert "policyportal.models" in GRAPH["policyportal.services"]
    assert "audits.chain" in GRAPH["audits.recorder"], "`from audits import chain` imports the module"
    assert "policyportal.tasks" in GRAPH["policyportal.apps"], "an import inside a function counts"
    assert all(target in MODULES for targets in GRAPH.values() for target in targets)


def test_every_module_named_in_a_layer_exists():
    stale = [name for name in (*SHELL, *REPORTS, *VIEW_MODULES_BY_OTHER_NAMES) if name not in MODULES]
    assert not stale, f"Layer lists name modules that no longer exist: {stale}"


def test_no_module_import_cycle():
    cycles = [component for component in _strongly_connected(GRAPH) if len(component) > 1]
    described = [
        "\n  ".join(
            [" <-> ".join(component)]
            + [_edge(source, target) for source in component for target in GRAPH[source] if target in component]
        )
        for component in cycles
    ]
    assert not cycles, "Modules that import each other (directly or around a loop):\n  " + "\n\n  ".join(described)


def test_each_layer_imports_only_its_own_or_lower_layers():
    rank = {layer: position for position, layer in enumerate(LAYERS)}
    upward = [
        f"{layer_of(source)} -> {layer_of(target)}: {_edge(source, target)}"
        for source, targets in sorted(GRAPH.items())
        for target in sorted(targets)
        if rank[layer_of(target)] > rank[layer_of(source)]
    ]
    assert not upward, f"Imports that reach up the layers {' < '.join(LAYERS)}:\n  " + "\n  ".join(upward)


def test_no_views_module_imports_the_recorder():
    """Views parse input and call a service; the service records the audit event in its own transaction."""
    offenders = [_edge(module, RECORDER) for module in sorted(GRAPH) if is_views(module) and RECORDER in GRAPH[module]]
    assert not offenders, "Views that record audit events themselves (move it into a service):\n  " + "\n  ".join(
        offenders
    )
