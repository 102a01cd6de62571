"""One meaning per shared fixture name across the whole suite.

Every ``@pytest.fixture`` under tests/ is read with ``ast``. A fixture of a shared module
(conftest.py, fixtures.py: the personas and the folder fixtures) reaches many tests, so its name
may not be defined anywhere else with another meaning (other arguments, decorator or body; the
docstring aside), neither in another conftest nor as an override in a test module, and no
``parametrize`` argument may take its name (nor that of a fixture of its own module). A second
``sme_owner`` that is a different kind of object than the shared persona's fails here. Fixtures
private to one test module may reuse a name another module uses for itself.
"""

import ast
from collections import defaultdict
from pathlib import Path

TESTS = Path(__file__).resolve().parent
SHARED = {"conftest.py", "fixtures.py"}  # fixtures these modules define reach many tests


def _is_fixture(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    return ast.unparse(target) in ("pytest.fixture", "fixture")


def _fixture_name(node: ast.FunctionDef, decorator: ast.expr) -> str:
    if isinstance(decorator, ast.Call):
        for keyword in decorator.keywords:
            if keyword.arg == "name" and isinstance(keyword.value, ast.Constant):
                return keyword.value.value
    return node.name


def _meaning(node: ast.FunctionDef) -> str:
    """The definition without its docstring and position: what the fixture does."""
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return ast.dump(
        ast.FunctionDef(name=node.name, args=node.args, body=body,
                        decorator_list=node.decorator_list, returns=node.returns,
                        type_params=[]),
        include_attributes=False,
    )  # fmt: skip


def _parametrized_names(decorator: ast.expr) -> list[str]:
    if not (isinstance(decorator, ast.Call) and ast.unparse(decorator.func).endswith("parametrize")):
        return []
    if not decorator.args:
        return []
    first = decorator.args[0]
    if isinstance(first, ast.Constant) and isinstance(first.value, str):
        return [name.strip() for name in first.value.split(",")]
    if isinstance(first, ast.Tuple | ast.List):
        return [e.value for e in first.elts if isinstance(e, ast.Constant)]
    return []


def collect(root: Path) -> tuple[dict[str, list[tuple[str, str]]], dict[str, list[str]]]:
    """Fixture name → [(where, meaning)], and parametrize argument → [where]."""
    fixtures: dict[str, list[tuple[str, str]]] = defaultdict(list)
    parameters: dict[str, list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            where = f"{path.relative_to(root.parent)}:{node.lineno}"
            for decorator in node.decorator_list:
                if _is_fixture(decorator):
                    fixtures[_fixture_name(node, decorator)].append((where, _meaning(node)))
                for name in _parametrized_names(decorator):
                    parameters[name].append(where)
    return fixtures, parameters


def problems(root: Path) -> list[str]:
    fixtures, parameters = collect(root)
    found = []
    for name, definitions in sorted(fixtures.items()):
        shared = any(Path(where.split(":")[0]).name in SHARED for where, _ in definitions)
        if shared and len({meaning for _, meaning in definitions}) > 1:
            places = ", ".join(where for where, _ in definitions)
            found.append(f"fixture {name!r} is defined differently in {places}")
    for name, places in sorted(parameters.items()):
        defined_in = {where.split(":")[0] for where, _ in fixtures.get(name, [])}
        hiding = [
            where for where in places
            if where.split(":")[0] in defined_in
            or any(Path(module).name in SHARED for module in defined_in)
        ]  # fmt: skip
        if hiding:
            found.append(f"parametrize argument {name!r} hides the fixture of that name "
                         f"({', '.join(hiding)})")  # fmt: skip
    return found


def test_no_fixture_name_has_two_meanings():
    fixtures, _ = collect(TESTS)
    # The shared personas are found (the scan reads the suite's own modules).
    assert {"sme_owner", "buyer", "staff_user", "personas", "persona_client"} <= set(fixtures)
    assert problems(TESTS) == []


def test_a_second_meaning_is_caught(tmp_path):
    """The check above can fail: a conftest redefining a persona differently is reported."""
    (tmp_path / "conftest.py").write_text(
        "import pytest\n\n\n@pytest.fixture\ndef sme_owner(db):\n    return make_user()\n"
    )
    nested = tmp_path / "missions"
    nested.mkdir()
    (nested / "conftest.py").write_text(
        "import pytest\n\n\n@pytest.fixture\ndef sme_owner(sme):\n"
        '    """A persona record."""\n    return Persona("sme_owner", make_user(), sme)\n'
    )
    (nested / "test_x.py").write_text(
        "import pytest\n\n\n@pytest.mark.parametrize('sme_owner', [1])\n"
        "def test_x(sme_owner):\n    assert sme_owner\n"
    )
    assert problems(tmp_path) == [
        f"fixture 'sme_owner' is defined differently in {tmp_path.name}/conftest.py:5, "
        f"{tmp_path.name}/missions/conftest.py:5",
        f"parametrize argument 'sme_owner' hides the fixture of that name "
        f"({tmp_path.name}/missions/test_x.py:5)",
    ]


def test_the_same_definition_twice_is_one_meaning(tmp_path):
    text = (
        "import pytest\n\n\n@pytest.fixture\ndef _fresh_rate_limits():\n"
        "    cache.clear()\n    yield\n    cache.clear()\n"
    )
    (tmp_path / "test_a.py").write_text(text)
    (tmp_path / "test_b.py").write_text(text.replace("def _fresh", '# x\ndef _fresh'))
    assert problems(tmp_path) == []


def test_private_fixtures_of_two_modules_may_share_a_name(tmp_path):
    (tmp_path / "test_a.py").write_text("import pytest\n\n\n@pytest.fixture\ndef world():\n    return 1\n")
    (tmp_path / "test_b.py").write_text("import pytest\n\n\n@pytest.fixture\ndef world():\n    return 2\n")
    assert problems(tmp_path) == []
    (tmp_path / "conftest.py").write_text("import pytest\n\n\n@pytest.fixture\ndef world():\n    return 3\n")
    assert problems(tmp_path) == [
        f"fixture 'world' is defined differently in {tmp_path.name}/conftest.py:5, "
        f"{tmp_path.name}/test_a.py:5, {tmp_path.name}/test_b.py:5"
    ]
