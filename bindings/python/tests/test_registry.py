"""The Model Registry through the bindings, cross-checked with the official client."""

from __future__ import annotations

import pytest

import mlflowcpp


@pytest.fixture
def model_run(client, experiment_id, tmp_path):
    """A run with a tiny model directory under artifacts/model."""
    run = client.tracking.create_run(experiment_id)
    model_dir = tmp_path / "model"
    model_dir.mkdir()
    (model_dir / "weights.bin").write_bytes(b"\x00\x01\x02")
    client.artifacts.log_artifacts(run.info.run_id, model_dir, "model")
    client.tracking.end_run(run.info.run_id)
    return run.info.run_id


def test_register_alias_tags_and_official_view(client, official, model_run, unique_name):
    registry = client.registry
    name = unique_name("reg")
    registry.create_registered_model(name, description="first", tags={"team": "nlp"})
    v1 = registry.register_model(f"runs:/{model_run}/model", name, tags={"build": "1"})
    v2 = registry.register_model(f"runs:/{model_run}/model", name)
    assert (v1.version, v2.version) == ("1", "2")
    assert v1.status == "READY"

    registry.set_registered_model_alias(name, "champion", 1)
    registry.set_model_version_tag(name, "1", "validated", "yes")
    registry.set_registered_model_tag(name, "owner", "me")
    assert registry.get_model_version_by_alias(name, "champion").version == "1"

    theirs = official.get_registered_model(name)
    assert theirs.description == "first"
    assert theirs.tags == {"team": "nlp", "owner": "me"}
    assert theirs.aliases == {"champion": "1"}
    their_v1 = official.get_model_version(name, "1")
    assert their_v1.tags == {"build": "1", "validated": "yes"}
    assert their_v1.run_id == model_run

    registry.set_registered_model_alias(name, "champion", "2")
    assert official.get_model_version_by_alias(name, "champion").version == "2"
    assert registry.get_registered_model(name).aliases == {"champion": "2"}
    registry.delete_registered_model_alias(name, "champion")
    with pytest.raises(mlflowcpp.MlflowCppError):
        registry.get_model_version_by_alias(name, "champion")

    registry.delete_model_version_tag(name, 1, "validated")
    registry.delete_registered_model_tag(name, "owner")
    assert official.get_model_version(name, "1").tags == {"build": "1"}
    assert "owner" not in official.get_registered_model(name).tags

    updated = registry.update_model_version(name, 2, "second version")
    assert updated.description == "second version"
    assert registry.update_registered_model(name, "new description").description == "new description"
    versions = registry.search_model_versions(filter_string=f"name = '{name}'")
    assert sorted(v.version for v in versions) == ["1", "2"]
    assert [m.name for m in registry.search_registered_models(filter_string=f"name = '{name}'")] == [name]
    assert registry.get_model_version_download_uri(name, 1)

    registry.delete_model_version(name, 1)
    assert [v.version for v in official.search_model_versions(f"name = '{name}'")] == ["2"]
    renamed = registry.rename_registered_model(name, name + "-b")
    assert renamed.name == name + "-b"
    registry.delete_registered_model(name + "-b")
    with pytest.raises(mlflowcpp.MlflowCppError) as caught:
        registry.get_registered_model(name + "-b")
    assert caught.value.error_code == "RESOURCE_DOES_NOT_EXIST"


def test_model_registered_by_official_client_is_visible(client, official, model_run, unique_name):
    name = unique_name("reg-official")
    official.create_registered_model(name)
    source = official.get_run(model_run).info.artifact_uri + "/model"
    version = official.create_model_version(name, source, run_id=model_run)
    official.set_registered_model_alias(name, "champion", version.version)
    ours = client.registry.get_model_version_by_alias(name, "champion")
    assert ours.version == version.version and ours.run_id == model_run
    resolved = client.model_uris.resolve(f"models:/{name}@champion")
    assert resolved.version == version.version
    local = client.model_uris.download_cached(f"models:/{name}@champion")
    with open(f"{local}/weights.bin", "rb") as handle:
        assert handle.read() == b"\x00\x01\x02"


def test_stages_are_still_supported(client, model_run, unique_name):
    name = unique_name("stages")
    client.registry.register_model(f"runs:/{model_run}/model", name)
    moved = client.registry.transition_model_version_stage(name, 1, "Staging")
    assert moved.current_stage == "Staging"
    assert [v.version for v in client.registry.get_latest_versions(name, ["Staging"])] == ["1"]
