from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile

from jxjy.imports.tests.conftest import class_file  # noqa: F401 - the same five-row file


def uploaded(path: Path) -> SimpleUploadedFile:
    return SimpleUploadedFile(path.name, path.read_bytes())
