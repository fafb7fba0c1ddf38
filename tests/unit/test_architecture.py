"""The layering the README promises, checked on the source: who may import whom, and what a reader loads."""

from __future__ import annotations

import ast
import subprocess
import sys

import pytest

from tests.support.paths import ROOT

PACKAGE = ROOT / "workbook_tool"


def imported_modules(path) -> set[str]:
    """Absolute names of the workbook_tool modules a source file imports (relative imports resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[: len(base) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
    return {name for name in found if name.startswith("workbook_tool")}


def sources(*parts: str):
    for part in parts:
        path = PACKAGE / part
        yield from ([path] if path.suffix == ".py" else sorted(path.rglob("*.py")))


@pytest.mark.parametrize("part", ["read", "collect.py", "parallel.py", "report", "export.py", "consolidate.py",
                                  "status.py", "contract.py", "layout"])
def test_nothing_downstream_imports_the_generator(part):
    for path in sources(part):
        offending = {m for m in imported_modules(path) if m.startswith("workbook_tool.generate")}
        assert not offending, f"{path.relative_to(ROOT)} imports {offending}"


def test_the_layout_package_imports_only_the_foundation():
    allowed = ("workbook_tool.layout", "workbook_tool.contract", "workbook_tool.errors")
    for path in sources("layout"):
        offending = {m for m in imported_modules(path) if not m.startswith(allowed)}
        assert not offending, f"{path.relative_to(ROOT)} imports {offending}"


def test_the_contract_imports_nothing_of_the_package_at_run_time():
    tree = ast.parse((PACKAGE / "contract.py").read_text(encoding="utf-8"))
    top_level = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    assert all(not (isinstance(n, ast.ImportFrom) and n.level) for n in top_level)


def test_a_reader_and_the_consolidation_load_no_workbook_writer():
    code = ("import sys, workbook_tool.read, workbook_tool.parallel, workbook_tool.consolidate; "
            "print(sorted(m for m in ('xlsxwriter', 'openpyxl') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert done.stdout.strip() == "[]"


def test_the_cli_holds_no_policy_of_its_own():
    """cli.py parses, calls one pipeline function per command and prints: no folder walking, numbering,
    list loading or collecting of its own."""
    imported = imported_modules(PACKAGE / "cli.py")
    for policy in ("workbook_tool.gemeenten", "workbook_tool.collect", "workbook_tool.export",
                   "workbook_tool.consolidate.consolidate", "workbook_tool.generate.generate"):
        assert policy not in imported, policy
    source = (PACKAGE / "cli.py").read_text(encoding="utf-8")
    for call in ("rglob(", "iterdir(", "numbered(", "load_gemeenten(", "write_status_workbook("):
        assert call not in source, call
