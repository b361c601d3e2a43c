"""The installed package carries the top-level `templates/` and `resources/` folders and every
Python package under `src/`.

Runs setuptools' own build_py step with the configuration of `pyproject.toml` into a temporary
folder (what a wheel would contain), without network or a wheel builder.
"""

from __future__ import annotations

import tomllib
import warnings
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _data_files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def _python_packages() -> set[str]:
    src = ROOT / "src"
    return {
        ".".join(init.parent.relative_to(src).parts)
        for init in src.rglob("__init__.py")
        if "__pycache__" not in init.parts
    }


def test_every_package_under_src_is_listed_in_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    missing = _python_packages() - listed
    assert not missing, f"in pyproject.toml [tool.setuptools] packages nachtragen: {sorted(missing)}"
    assert {"kooperation.templates", "kooperation.resources"} <= listed


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    setuptools = pytest.importorskip("setuptools")
    from setuptools.config.pyprojecttoml import apply_configuration

    out = tmp_path_factory.mktemp("build")
    cwd = Path.cwd()
    import os

    os.chdir(ROOT)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            dist = setuptools.Distribution()
            dist.script_name = "setup.py"
            apply_configuration(dist, "pyproject.toml")
            build_py = dist.get_command_obj("build_py")
            build_py.build_lib = str(out)
            build_py.compile = 0
            dist.run_command("build_py")
    finally:
        os.chdir(cwd)
    return out / "kooperation"


@pytest.mark.parametrize("folder", ["templates", "resources"])
def test_installed_package_carries_the_top_level_folder(built, folder):
    source = _data_files(ROOT / folder)
    assert "__init__.py" in source
    shipped = _data_files(built / folder)
    assert source - shipped == set()


def test_installed_package_carries_the_libraries_the_app_reads(built):
    for name in (
        "templates/reference.docx",
        "templates/vertrag/de/library.yaml",
        "templates/absichtserklaerung/de/library.yaml",
        "templates/vertraulichkeit/de/library.yaml",
        "resources/catalogue/rules.yaml",
        "resources/schemas/project.schema.json",
        "store/migrations/alembic.ini",
    ):
        assert (built / name).is_file(), name
    migrations = sorted(p.name for p in (built / "store" / "migrations" / "versions").glob("0*.py"))
    assert migrations == sorted(
        p.name for p in (ROOT / "src/kooperation/store/migrations/versions").glob("0*.py")
    )


def test_the_running_app_reads_the_top_level_folders():
    from kooperation.drafting.library import templates_root
    from kooperation.render.docx_reference import REFERENCE_DOCX
    from kooperation.resources import resource_path

    assert templates_root() == ROOT / "templates"
    assert REFERENCE_DOCX == ROOT / "templates" / "reference.docx"
    assert resource_path("catalogue") == ROOT / "resources" / "catalogue"
