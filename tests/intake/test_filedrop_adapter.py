from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from portal.delivery import Attachment, PermanentError, RetryableError, build_adapter
from portal.intake.adapters import filedrop
from portal.intake.schema import validate_payload
from tests.intake.samples import MESSAGE_ID, REFERENCE, sample_delivery, sample_payload

JSON_NAME = f"{REFERENCE}-{MESSAGE_ID}.json"


def test_payload_is_written_as_json_and_nothing_else_is_left(tmp_path: Path) -> None:
    result = build_adapter("filedrop", {"directory": str(tmp_path)}).deliver(sample_delivery())

    assert os.listdir(tmp_path) == [JSON_NAME]
    written = json.loads((tmp_path / JSON_NAME).read_text(encoding="utf-8"))
    assert written == sample_payload()
    validate_payload(written)
    assert result.detail == f"wrote {JSON_NAME}"
    assert (tmp_path / JSON_NAME).stat().st_mode & 0o777 == 0o600


def test_write_goes_through_a_synced_temporary_file_then_a_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        events.append("fsync")
        real_fsync(fd)

    def replace(source: str, target: Path) -> None:
        source_path = Path(source)
        assert source_path.parent == tmp_path
        assert source_path.name.startswith(".") and source_path.name.endswith(".tmp")
        assert not target.exists(), "the final name must appear only by the rename"
        events.append(f"replace {target.name}")
        real_replace(source, target)

    monkeypatch.setattr(filedrop.os, "fsync", fsync)
    monkeypatch.setattr(filedrop.os, "replace", replace)

    build_adapter("filedrop", {"directory": str(tmp_path)}).deliver(sample_delivery())

    # File contents synced before the rename; the directory synced after it.
    assert events == ["fsync", f"replace {JSON_NAME}", "fsync"]


def test_crash_before_the_rename_leaves_no_json_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken_replace(source: str, target: Path) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(filedrop.os, "replace", broken_replace)

    with pytest.raises(RetryableError):
        build_adapter("filedrop", {"directory": str(tmp_path)}).deliver(sample_delivery())

    assert os.listdir(tmp_path) == []


def test_second_delivery_leaves_the_existing_file_as_it_is(tmp_path: Path) -> None:
    adapter = build_adapter("filedrop", {"directory": str(tmp_path)})
    adapter.deliver(sample_delivery())
    (tmp_path / JSON_NAME).write_text("collected and stamped", encoding="utf-8")

    adapter.deliver(sample_delivery())

    assert os.listdir(tmp_path) == [JSON_NAME]
    assert (tmp_path / JSON_NAME).read_text(encoding="utf-8") == "collected and stamped"


def test_attachments_are_written_next_to_the_json_before_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    written: list[str] = []
    real_replace = os.replace

    def replace(source: str, target: Path) -> None:
        written.append(target.name)
        real_replace(source, target)

    monkeypatch.setattr(filedrop.os, "replace", replace)
    photo = Attachment(filename="../evidence/photo 1.jpg", content_type="image/jpeg", data=b"jpg")

    build_adapter("filedrop", {"directory": str(tmp_path)}).deliver(sample_delivery(attachments=(photo,)))

    photo_name = f"{REFERENCE}-{MESSAGE_ID}-photo_1.jpg"
    assert written == [photo_name, JSON_NAME]
    assert (tmp_path / photo_name).read_bytes() == b"jpg"


def test_missing_directory_is_retryable(tmp_path: Path) -> None:
    adapter = build_adapter("filedrop", {"directory": str(tmp_path / "not-mounted")})

    with pytest.raises(RetryableError) as caught:
        adapter.deliver(sample_delivery())

    assert caught.value.detail == "FileNotFoundError writing to the drop directory"


def test_directory_that_is_a_file_is_retryable(tmp_path: Path) -> None:
    (tmp_path / "drop").write_text("", encoding="utf-8")
    adapter = build_adapter("filedrop", {"directory": str(tmp_path / "drop")})

    with pytest.raises(RetryableError, match="NotADirectoryError"):
        adapter.deliver(sample_delivery())


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write to a read-only directory")
def test_unwritable_directory_is_retryable(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir(mode=0o500)
    try:
        with pytest.raises(RetryableError, match="PermissionError"):
            build_adapter("filedrop", {"directory": str(drop)}).deliver(sample_delivery())
    finally:
        drop.chmod(0o700)


def test_message_id_that_could_escape_the_directory_is_permanent(
    tmp_path: Path,
) -> None:
    delivery = sample_delivery()
    escaping = dataclasses.replace(delivery, message_id="../../etc/cron.d/x")

    with pytest.raises(PermanentError):
        build_adapter("filedrop", {"directory": str(tmp_path)}).deliver(escaping)

    assert os.listdir(tmp_path) == []


def test_reference_that_could_escape_the_directory_is_permanent(tmp_path: Path) -> None:
    payload = sample_payload()
    payload["submission"]["reference"] = "../HX7K"

    with pytest.raises(PermanentError):
        build_adapter("filedrop", {"directory": str(tmp_path)}).deliver(sample_delivery(payload))
