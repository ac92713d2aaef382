"""Write the payload as a JSON file into a directory that another system collects.

Each file is written under a temporary dot-name, flushed to disk and renamed, so a collector
never sees a half-written file. Attachments are written before the JSON file: once the JSON
file exists, everything it mentions is already there. A file that already exists is left as
it is, which makes a retry harmless.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from portal.delivery import Delivery, DeliveryResult, PermanentError, RetryableError
from portal.intake.adapters import submission_reference

DEFAULT_MODE = 0o600
_SAFE_ID = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]*")
_UNSAFE_CHARS = re.compile(r"[^0-9A-Za-z._-]+")


class FiledropAdapter:
    def __init__(self, directory: str | os.PathLike[str], mode: int = DEFAULT_MODE) -> None:
        if not str(directory):
            raise ValueError("filedrop adapter needs a directory")
        self.directory = Path(directory)
        self.mode = mode

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> FiledropAdapter:
        return cls(
            directory=settings.get("directory", ""),
            mode=int(settings.get("mode", DEFAULT_MODE)),
        )

    def deliver(self, delivery: Delivery) -> DeliveryResult:
        reference = submission_reference(delivery.payload)
        if not _SAFE_ID.fullmatch(delivery.message_id):
            raise PermanentError("message id is not usable in a file name")
        stem = f"{reference}-{delivery.message_id}"
        document = json.dumps(delivery.payload, sort_keys=True, indent=2, ensure_ascii=False)
        try:
            for attachment in delivery.attachments:
                self._write_once(f"{stem}-{_safe_name(attachment.filename)}", attachment.data)
            self._write_once(f"{stem}.json", document.encode())
            _fsync_directory(self.directory)
        except OSError as exc:
            raise RetryableError(f"{type(exc).__name__} writing to the drop directory") from None
        return DeliveryResult(detail=f"wrote {stem}.json")

    def _write_once(self, name: str, data: bytes) -> None:
        target = self.directory / name
        if target.exists():
            return
        fd, temporary = tempfile.mkstemp(dir=self.directory, prefix=f".{name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(temporary, self.mode)
            os.replace(temporary, target)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
            raise


def _safe_name(filename: str) -> str:
    name = _UNSAFE_CHARS.sub("_", os.path.basename(filename)).lstrip(".")
    return name or "attachment"


def _fsync_directory(directory: Path) -> None:
    # Makes the renames themselves durable, not only the file contents.
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
