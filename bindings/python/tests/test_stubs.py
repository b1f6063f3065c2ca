"""The hand-written type stubs (_core.pyi) name exactly what the extension defines."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import mlflowcpp
from mlflowcpp import _core

STUB = Path(mlflowcpp.__file__).with_name("_core.pyi")


def _stub_names():
    tree = ast.parse(STUB.read_text())
    functions, classes = set(), {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            functions.add(node.name)
        elif isinstance(node, ast.ClassDef):
            classes[node.name] = {
                item.name for item in node.body if isinstance(item, ast.FunctionDef)
            } | {
                item.target.id for item in node.body
                if isinstance(item, ast.AnnAssign) and isinstance(item.target, ast.Name)
            }
    return functions, classes


def _public(names):
    return {n for n in names if not n.startswith("_") or n in {"__enter__", "__exit__", "__len__", "__iter__"}}


def test_stub_matches_module():
    functions, classes = _stub_names()
    module_classes = {n for n, v in vars(_core).items() if inspect.isclass(v) and not n.startswith("_")}
    module_functions = {n for n, v in vars(_core).items() if callable(v) and not inspect.isclass(v)
                        and not n.startswith("_")}
    assert set(classes) == module_classes
    assert functions == module_functions
    for name, stub_members in classes.items():
        cls = getattr(_core, name)
        if issubclass(cls, Exception):
            continue
        runtime = _public(n for n in vars(cls) if not n.startswith("__") or n in {"__enter__", "__exit__",
                                                                                  "__len__", "__iter__"})
        assert _public(stub_members) - {"__init__"} == runtime - {"__init__"}, name


def test_package_exports_everything():
    public = {n for n in vars(_core) if not n.startswith("_")}
    assert public <= set(mlflowcpp.__all__)
    for name in mlflowcpp.__all__:
        assert hasattr(mlflowcpp, name), name
    assert (STUB.parent / "py.typed").is_file()
