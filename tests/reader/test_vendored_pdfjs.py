"""The vendored PDF.js is exactly the files its README lists, as npm's package holds them."""

import hashlib
import re

from tests import ROOT

VENDORED = ROOT / "static" / "vendor" / "pdfjs"


def sums() -> dict[str, str]:
    lines = (VENDORED / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in lines)}


def test_every_vendored_file_has_the_checksum_recorded_for_it():
    changed = [
        name
        for name, digest in sums().items()
        if hashlib.sha256((VENDORED / name).read_bytes()).hexdigest() != digest
    ]
    assert changed == []


def test_no_file_is_vendored_without_a_checksum():
    files = {
        path.relative_to(VENDORED).as_posix() for path in VENDORED.rglob("*") if path.is_file()
    }
    assert files - {"README.md", "SHA256SUMS"} == set(sums())


def test_the_licence_is_kept_with_the_files():
    assert "Apache License" in (VENDORED / "LICENSE").read_text()
    assert {"LICENSE", "wasm/LICENSE_PDFJS_OPENJPEG", "wasm/LICENSE_PDFJS_JBIG2"} <= set(sums())


def test_the_readme_and_the_makefile_name_the_same_version():
    makefile = re.search(r"^PDFJS_VERSION := (\S+)$", (ROOT / "Makefile").read_text(), re.M)
    readme = (VENDORED / "README.md").read_text()
    assert f"npm pack pdfjs-dist@{makefile.group(1)}" in readme
