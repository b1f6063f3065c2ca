"""Artifacts through the bindings: upload, list, download, delete; the official client agrees."""

from __future__ import annotations

import filecmp
import os

import pytest

import mlflowcpp


def _tree(root):
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text("alpha\n")
    (root / "nested" / "b.bin").write_bytes(os.urandom(300_000))
    (root / "nested" / "deeper" / "c.json").write_text('{"c": 3}')
    return root


def test_directory_round_trip(client, experiment_id, tmp_path):
    import mlflow

    src = _tree(tmp_path / "src")
    run_id = client.tracking.create_run(experiment_id).info.run_id
    repo = client.artifacts.for_run(run_id)
    assert repo.run_id == run_id
    repo.log_directory(src, "outputs")
    repo.log_file(src / "a.txt")

    top = client.artifacts.list_artifacts(run_id)
    assert [(f.path, f.is_dir) for f in top] == [("a.txt", False), ("outputs", True)]
    files = [f.path for f in repo.list_recursive("outputs") if not f.is_dir]
    assert files == ["outputs/a.txt", "outputs/nested/b.bin", "outputs/nested/deeper/c.json"]
    sizes = {f.path: f.file_size for f in repo.list("outputs/nested")}
    assert sizes["outputs/nested/b.bin"] == 300_000
    assert sizes["outputs/nested/deeper"] is None

    ours = repo.download("outputs", tmp_path / "ours")
    assert ours == str(tmp_path / "ours" / "outputs")
    theirs = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="outputs",
                                                 dst_path=str(tmp_path / "theirs"))
    for rel in ["a.txt", "nested/b.bin", "nested/deeper/c.json"]:
        assert filecmp.cmp(src / rel, os.path.join(ours, rel), shallow=False)
        assert filecmp.cmp(src / rel, os.path.join(theirs, rel), shallow=False)

    single = tmp_path / "single.txt"
    repo.download_file("a.txt", single)
    assert single.read_text() == "alpha\n"
    uri_download = client.artifacts.download_artifacts(f"runs:/{run_id}/outputs/a.txt", tmp_path / "uri")
    assert open(uri_download).read() == "alpha\n"

    repo.delete("outputs/nested")
    assert [f.path for f in repo.list("outputs")] == ["outputs/a.txt"]


def test_file_uploaded_by_official_client_downloads(client, official, experiment_id, tmp_path):
    run_id = official.create_run(experiment_id).info.run_id
    payload = tmp_path / "payload.bin"
    payload.write_bytes(os.urandom(50_000))
    official.log_artifact(run_id, str(payload), "blobs")
    repo = client.artifacts.for_uri(client.artifacts.get_run_artifact_uri(run_id))
    local = repo.download("blobs/payload.bin", tmp_path / "down")
    assert filecmp.cmp(payload, local, shallow=False)


def test_missing_artifact_raises(client, experiment_id, tmp_path):
    run_id = client.tracking.create_run(experiment_id).info.run_id
    with pytest.raises(mlflowcpp.MlflowCppError) as caught:
        client.artifacts.for_run(run_id).download_file("nope.txt", tmp_path / "nope.txt")
    assert caught.value.error_code == "RESOURCE_DOES_NOT_EXIST"
    assert not (tmp_path / "nope.txt").exists()
