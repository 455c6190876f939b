"""Checks of a folder of vendored files: each listed in its SHA256SUMS, each as recorded."""

import hashlib
from pathlib import Path

# The folder's own files, not vendored ones.
OWN_FILES = {"README.md", "SHA256SUMS"}


def recorded_sums(folder: Path) -> dict[str, str]:
    """The SHA-256 recorded for each vendored file of `folder`, by its path in the folder."""
    lines = (folder / "SHA256SUMS").read_text().splitlines()
    return {name: digest for digest, name in (line.split(maxsplit=1) for line in lines)}


def changed_files(folder: Path) -> list[str]:
    """The files of `folder` whose content no longer has its recorded SHA-256."""
    return [
        name
        for name, digest in recorded_sums(folder).items()
        if hashlib.sha256((folder / name).read_bytes()).hexdigest() != digest
    ]


def vendored_files(folder: Path) -> set[str]:
    """Every file of `folder` but its own (`OWN_FILES`), by its path in the folder."""
    files = {path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()}
    return files - OWN_FILES
