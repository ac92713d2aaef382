"""Transports get what they need at start-up, or the app and the worker refuse to start with a
message that says what to fix, instead of failing every delivery later.

The file drop's folder is created (with its parents) readable by this user only; an existing
folder must be a directory this process can write, and not writable by group or others, since
report payloads are written there."""

import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from portal.config import ConfigurationError

FOLDER_MODE = 0o700


def filedrop_folders(config: Mapping[str, Any]) -> list[Path]:
    """The folders of every configured destination served by the file drop."""
    overrides = config.get("INTAKE_ADAPTER_SETTINGS", {}) or {}
    folders = []
    for destination in config.get("INTAKE_DESTINATIONS", []) or []:
        settings = overrides.get(destination, {})
        if settings.get("kind", destination) == "filedrop":
            folders.append(Path(settings.get("directory") or config["INTAKE_FILEDROP_DIR"]))
    return folders


def prepare_filedrop(folder: Path) -> None:
    if not str(folder):
        raise ConfigurationError("Refusing to start: INTAKE_FILEDROP_DIR is empty; set it to a folder.")
    try:
        folder.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    except OSError as error:
        raise ConfigurationError(
            f"Refusing to start: cannot create the file drop folder {folder} ({error.strerror}); "
            "create it or set INTAKE_FILEDROP_DIR to a folder this user can write."
        ) from None
    info = folder.stat()
    if not stat.S_ISDIR(info.st_mode):
        raise ConfigurationError(f"Refusing to start: INTAKE_FILEDROP_DIR {folder} is not a folder.")
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        raise ConfigurationError(
            f"Refusing to start: the file drop folder {folder} can be written by other users "
            f"(mode {stat.S_IMODE(info.st_mode):o}); run chmod go-w on it."
        )
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigurationError(f"Refusing to start: this user cannot write to the file drop folder {folder}.")


def prepare_transports(config: Mapping[str, Any]) -> None:
    for folder in filedrop_folders(config):
        prepare_filedrop(folder)
