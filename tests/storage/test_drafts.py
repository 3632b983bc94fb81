"""Draft files (storage/drafts.py): one operator's unsaved typing, written atomically."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest

from desk_app.storage.drafts import BadDraftKey, DraftFiles, case_key

NOW = datetime(2026, 11, 20, 10, 0)


@pytest.fixture
def files(tmp_path: Path) -> DraftFiles:
    return DraftFiles(tmp_path / "drafts", "01a23d14-d6e2-7071-b3d3-eaacd50d4a7f")


def test_a_saved_draft_reads_back_with_its_chinese(files: DraftFiles) -> None:
    files.save("reception", {"citizen_name": "王秀兰", "deputy_ids": ["a", "b"]}, NOW)
    draft = files.load("reception")
    assert draft is not None and draft.values == {"citizen_name": "王秀兰", "deputy_ids": ["a", "b"]}
    assert draft.saved_at == NOW


def test_saving_again_replaces_the_draft_and_leaves_no_temporary_file(files: DraftFiles) -> None:
    files.save("reception", {"content": "一"}, NOW)
    files.save("reception", {"content": "二"}, NOW)
    draft = files.load("reception")
    assert draft is not None and draft.values == {"content": "二"}
    assert sorted(p.name for p in files.folder.iterdir()) == ["reception.json"]


def test_each_operator_has_a_folder_of_their_own(tmp_path: Path) -> None:
    mine, theirs = DraftFiles(tmp_path, "op-1"), DraftFiles(tmp_path, "op-2")
    mine.save("reception", {"content": "我的"}, NOW)
    assert theirs.load("reception") is None and theirs.keys() == []


def test_a_key_cannot_reach_outside_the_operators_folder(files: DraftFiles) -> None:
    with pytest.raises(BadDraftKey):
        files.save("../other/reception", {"content": "x"}, NOW)


def test_a_damaged_file_reads_as_no_draft(files: DraftFiles) -> None:
    files.save("reception", {"content": "x"}, NOW)
    (files.folder / "reception.json").write_text("{not json", encoding="utf-8")
    assert files.load("reception") is None


def test_discarding_removes_the_draft(files: DraftFiles) -> None:
    key = case_key("01a23d14-d84c-7550-ae10-1f94f949c244", "replyDialog")
    files.save(key, {"replyEdit": "已修好"}, NOW)
    files.discard(key)
    files.discard(key)  # twice is harmless
    assert files.load(key) is None


def test_prune_drops_only_drafts_older_than_the_limit(files: DraftFiles) -> None:
    files.save("old", {"content": "x"}, NOW - timedelta(days=31))
    files.save("new", {"content": "y"}, NOW - timedelta(days=29))
    assert files.prune(NOW) == ["old"]
    assert files.keys() == ["new"]
