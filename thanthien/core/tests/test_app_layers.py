"""The apps depend on each other one way only (STYLE §1): the import graph, read from the source, has no cycle
and no import against the layers below.

Every `import` counts, also one inside a function or under `if TYPE_CHECKING:` (a delayed import hides a
cycle; it does not remove it). Not counted: `tests/` (test data is built from several apps at once, and no
app code imports a test) and `migrations/` (they never import app code, STYLE §11), string references to
models ("units.Unit") and template names, and the project's wiring (settings, urls, api, cli).
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]  # thanthien/

# Lowest first. An app may import only apps of a lower layer; apps of one layer do not import each other.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("core",),  # the shared kernel
    ("units",),  # the unit tree, offices, officials, memberships and roles; the User
    ("notifications", "procedures"),  # the outbox, called by anyone (it names a User); the catalogue
    ("dossiers", "feedback"),  # the two intakes: one-stop dossiers; feedback, petitions and their identity
    ("ratings", "reception", "letters"),  # ratings of dossiers; reception → feedback; letters → both intakes
    ("devices", "households"),  # the kiosk and village apps (ratings, feedback); a household's story
    ("reports",),  # read-only figures of everything below
    ("planning", "disclosure"),  # the model's plan (figures of its progress); the transparency board
    ("assessment", "configuration", "portal"),  # read from everyone
)

# Imports against the layers that are still to be removed, as (importer, imported). The list can only
# shrink: an entry that no longer occurs fails the test, so it is deleted once the import is gone. (The
# last two, reports → planning and disclosure, went when their sections registered with reports.hooks.)
KNOWN: set[tuple[str, str]] = set()


def _apps() -> list[str]:
    return sorted(path.parent.name for path in PACKAGE.glob("*/apps.py"))


def _imported_modules(tree: ast.AST) -> list[tuple[str, int]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "thanthien":
            found += [(f"thanthien.{alias.name}", node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.module, node.lineno))
        elif isinstance(node, ast.ImportFrom):
            raise AssertionError(f"relative import at line {node.lineno}: write it absolute")
    return found


def app_imports() -> dict[tuple[str, str], list[str]]:
    """Return (importer, imported) → the places ("path:line") where one app imports another."""
    apps = set(_apps())
    edges: dict[tuple[str, str], list[str]] = defaultdict(list)
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).parts
        if len(parts) < 2 or parts[0] not in apps or {"tests", "migrations"} & set(parts):
            continue
        for module, line in _imported_modules(ast.parse(path.read_text(encoding="utf-8"))):
            names = module.split(".")
            if names[0] == "thanthien" and len(names) > 1 and names[1] in apps and names[1] != parts[0]:
                edges[(parts[0], names[1])].append(f"{path.relative_to(PACKAGE.parent)}:{line}")
    return edges


def cycles(edges: set[tuple[str, str]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one app (Tarjan), each sorted."""
    graph: dict[str, set[str]] = defaultdict(set)
    for source, target in edges:
        graph[source].add(target)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        for other in graph[app]:
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for app in sorted(graph):
        if app not in index:
            visit(app)
    return sorted(groups)


def _layer_of() -> dict[str, int]:
    return {app: number for number, layer in enumerate(LAYERS) for app in layer}


def test_every_app_has_its_place_in_the_layers():
    layered = [app for layer in LAYERS for app in layer]

    assert sorted(layered) == _apps()


def test_no_app_imports_an_app_of_its_own_layer_or_above():
    layer = _layer_of()
    against = {edge: places for edge, places in app_imports().items() if layer[edge[1]] >= layer[edge[0]]}

    unexpected = {f"{a} → {b}": places for (a, b), places in against.items() if (a, b) not in KNOWN}
    assert unexpected == {}
    assert set(against) == KNOWN, "an import in KNOWN is gone: delete its entry"


def test_no_import_cycle_between_apps_except_the_known_ones():
    edges = set(app_imports()) - KNOWN

    assert cycles(edges) == []


@pytest.mark.parametrize(
    ("edges", "expected"),
    [
        ({("a", "b"), ("b", "c")}, []),
        ({("a", "b"), ("b", "a")}, [["a", "b"]]),
        ({("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")}, [["a", "b", "c"]]),
    ],
)
def test_cycles_finds_the_loops_of_a_graph(edges, expected):
    assert cycles(edges) == expected


def test_an_import_inside_a_function_counts():
    tree = ast.parse("def f():\n    from thanthien.letters import services\n")

    assert _imported_modules(tree) == [("thanthien.letters", 2)]


def test_every_app_names_its_reads_module_queries():
    selectors = sorted(str(path.relative_to(PACKAGE)) for path in PACKAGE.glob("*/selectors.py"))

    assert selectors == []
