"""The vendored axe-core is exactly the files its README lists, as npm's package holds them."""

import re

from tests import ROOT
from tests.vendored import changed_files, recorded_sums, vendored_files

VENDORED = ROOT / "tests" / "system" / "browser" / "vendor" / "axe-core"


def test_every_vendored_file_has_the_checksum_recorded_for_it():
    assert changed_files(VENDORED) == []


def test_no_file_is_vendored_without_a_checksum():
    assert vendored_files(VENDORED) == set(recorded_sums(VENDORED))


def test_the_licences_are_kept_with_the_files():
    assert "Mozilla Public License" in (VENDORED / "LICENSE").read_text()
    assert {"LICENSE", "LICENSE-3RD-PARTY.txt"} <= set(recorded_sums(VENDORED))


def test_the_readme_the_makefile_and_the_file_name_the_same_version():
    makefile = re.search(r"^AXE_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.M)
    version = makefile.group(1)
    assert f"npm pack axe-core@{version}" in (VENDORED / "README.md").read_text()
    assert (VENDORED / "axe.min.js").read_text()[:40].startswith(f"/*! axe v{version}")


def test_axe_is_not_among_the_files_the_portal_serves():
    assert not list((ROOT / "static").rglob("axe*.js"))
