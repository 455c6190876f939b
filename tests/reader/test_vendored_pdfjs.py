"""The vendored PDF.js is exactly the files its README lists, as npm's package holds them."""

import re

from tests import ROOT
from tests.vendored import changed_files, recorded_sums, vendored_files

VENDORED = ROOT / "static" / "vendor" / "pdfjs"


def test_every_vendored_file_has_the_checksum_recorded_for_it():
    assert changed_files(VENDORED) == []


def test_no_file_is_vendored_without_a_checksum():
    assert vendored_files(VENDORED) == set(recorded_sums(VENDORED))


def test_the_licence_is_kept_with_the_files():
    assert "Apache License" in (VENDORED / "LICENSE").read_text()
    licences = {"LICENSE", "wasm/LICENSE_PDFJS_OPENJPEG", "wasm/LICENSE_PDFJS_JBIG2"}
    assert licences <= set(recorded_sums(VENDORED))


def test_the_readme_and_the_makefile_name_the_same_version():
    makefile = re.search(r"^PDFJS_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.M)
    readme = (VENDORED / "README.md").read_text()
    assert f"npm pack pdfjs-dist@{makefile.group(1)}" in readme
