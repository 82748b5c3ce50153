"""可信验证 (GB/T 22239-2019 8.1.4.6, security.md §3.6): an SM3 manifest of the installed package.

``build`` digests every file of the package (code, templates, static files, translations; not
``__pycache__``); ``compare`` lists what changed, went missing or was added since the manifest was
written at install time. No Django here.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

VERSION = 1
SKIP_DIRS = {"__pycache__"}
SKIP_SUFFIXES = (".pyc", ".pyo")


def _files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file() and not SKIP_DIRS & set(path.relative_to(root).parts) and not path.name.endswith(
                SKIP_SUFFIXES):
            yield path


def build(root: Path, digest: Callable[[bytes], str]) -> dict[str, str]:
    """Each file's digest by ``digest`` (the caller passes SM3: the rule does not pick the primitive)."""
    return {path.relative_to(root).as_posix(): digest(path.read_bytes()) for path in _files(root)}


def dump(digests: dict[str, str]) -> str:
    return json.dumps({"version": VERSION, "algorithm": "SM3", "files": digests}, ensure_ascii=False, indent=0,
                      sort_keys=True) + "\n"


def load(text: str) -> dict[str, str]:
    data = json.loads(text)
    if data.get("version") != VERSION or data.get("algorithm") != "SM3":
        raise ValueError("清单格式不符")
    return dict(data["files"])


@dataclass
class Result:
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.changed or self.missing or self.extra)


def compare(expected: dict[str, str], actual: dict[str, str]) -> Result:
    return Result(changed=sorted(p for p in expected if p in actual and actual[p] != expected[p]),
                  missing=sorted(p for p in expected if p not in actual),
                  extra=sorted(p for p in actual if p not in expected))
