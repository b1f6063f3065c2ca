"""The pipeline's pieces around `dvc repro`: the CI workflow file, the URL + SHA-256 download
of `prepare` against a loopback HTTP server, and the CLI stages' contract (exit codes,
output formats) without a tracking server."""
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pipeline_harness import CLI, DATA_DIR, SOURCE_DIR, VENV, Pipeline, ran_stages, scratch_dir, unique  # noqa: E402

SMALL_FILES = ("twitter-2013dev-A.tsv", "twitter-2016devtest-A.tsv")


def sha256(path):
    import hashlib
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_workflow_parses_and_calls_the_repository_scripts():
    workflow = yaml.safe_load((SOURCE_DIR / ".github" / "workflows" / "pipeline.yml").read_text())
    triggers = workflow[True] if True in workflow else workflow["on"]  # YAML 1.1 reads `on` as true
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    steps = workflow["jobs"]["pipeline"]["steps"]
    commands = "\n".join(step.get("run", "") for step in steps)
    for script in ("scripts/setup.sh", "scripts/test.sh", "scripts/demo.sh", "scripts/fetch-data.sh",
                   "scripts/pipeline-report.sh"):
        assert script in commands, script
        assert os.access(SOURCE_DIR / script, os.X_OK), script
    modes = {step["env"]["GATE_MODE"]: step["if"] for step in steps if "GATE_MODE" in step.get("env", {})}
    assert "pull_request" in modes["dry-run"] and "!=" not in modes["dry-run"]
    assert "!= 'pull_request'" in modes["promote"]


def test_every_script_the_pipeline_uses_is_valid_bash():
    for script in ("scripts/demo.sh", "scripts/fetch-data.sh", "scripts/pipeline-report.sh",
                   "examples/sentiment-pipeline/gate.sh"):
        subprocess.run(["bash", "-n", str(SOURCE_DIR / script)], check=True)


def test_dvc_files_are_not_git_ignored():
    # `dvc repro` refuses to write a git-ignored dvc.lock ("'dvc.lock' is git-ignored"), which
    # would stop scripts/demo.sh in the repository itself (the pipeline tests run in copies).
    for name in ("dvc.yaml", "dvc.lock", "params.yaml"):
        path = f"examples/sentiment-pipeline/{name}"
        result = subprocess.run(["git", "-C", str(SOURCE_DIR), "check-ignore", "-q", "--no-index", path])
        assert result.returncode == 1, f"{path} is git-ignored (git check-ignore exit {result.returncode})"


@pytest.fixture
def http_server():
    served = scratch_dir("pipeline-http")
    for name in SMALL_FILES:
        shutil.copy(DATA_DIR / name, served / name)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([str(VENV / "bin" / "python"), "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                "--directory", str(served)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(url + "/" + SMALL_FILES[0], timeout=1).read(1)
            break
        except OSError:
            time.sleep(0.1)
    yield url, served
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(served, ignore_errors=True)


def test_prepare_downloads_pinned_files_and_a_wrong_checksum_fails_the_stage(http_server):
    url, served = http_server
    p = Pipeline(scratch_dir("pipeline-url"), experiment=unique("pipeline-url"), model_name=unique("url"))
    cache = p.repo / "download-cache"
    cache.mkdir()  # DVC checks that a dependency exists before running the stage

    def use_url(params):
        params["prepare"].update({"url": url, "data_dir": "download-cache",
                                  "sha256": {name: sha256(served / name) for name in SMALL_FILES}})
    p.update_params(use_url)
    p.commit("download from a URL")
    result, ran = p.repro("prepare")
    assert ran == {"prepare"}, result.stdout
    for name in SMALL_FILES:
        assert (cache / name).read_bytes() == (served / name).read_bytes()
    summary = json.loads((p.dir / "reports" / "prepare.json").read_text())
    assert summary["source"]["kind"] == "url"
    assert summary["validation"]["rows"] > 1900

    p.update_params(lambda params: params["prepare"]["sha256"].update({SMALL_FILES[0]: "0" * 64}))
    result, ran = p.repro("prepare", check=False)
    assert result.returncode != 0
    assert "checksum mismatch" in result.stdout
    assert "expected SHA-256 " + "0" * 64 in result.stdout
    assert (cache / SMALL_FILES[0]).read_bytes() == (served / SMALL_FILES[0]).read_bytes()
    assert not list(cache.glob("*.part"))
    direct = p.cli("prepare", "--config", "params.yaml", "--root", "../..", "--output", "data/again", check=False)
    assert direct.returncode == 1, direct.stdout
    shutil.rmtree(p.root, ignore_errors=True)


@pytest.fixture(scope="module")
def offline():
    """A pipeline copy with no tracking URI: the stages still work, without logging."""
    p = Pipeline(scratch_dir("pipeline-cli"), experiment=unique("pipeline-cli"), model_name=unique("cli"))
    p.env.pop("MLFLOW_TRACKING_URI")
    yield p
    shutil.rmtree(p.root, ignore_errors=True)


def test_validate_exit_codes_and_report(offline):
    bad = offline.dir / "bad.tsv"
    bad.write_text("1\tpositive\tgood\n2\tmaybe\tunknown label\n3\tneutral\t \n", encoding="utf-8")
    result = offline.cli("validate", "--data", bad, "--report", "bad.json", check=False)
    assert result.returncode == 1, result.stdout
    assert "FAIL  labels" in result.stdout and "FAIL  empty_text" in result.stdout
    report = json.loads((offline.dir / "bad.json").read_text())
    assert report["passed"] is False and set(report["failed"]) == {"labels", "empty_text"}
    ok = offline.cli("validate", "--data", DATA_DIR / "twitter-2016devtest-A.tsv", "--report", "ok.json",
                     "--warn-on", "conflicting_labels")
    assert "validation passed" in ok.stdout
    assert offline.cli("validate", "--data", bad, "--report", "x.json", "--fail-on", "nonsense",
                       check=False).returncode == 2
    assert offline.cli("validate", "--report", "x.json", check=False).returncode == 2
    assert offline.cli("validate", "--data", offline.dir / "missing.tsv", "--report", "x.json",
                       check=False).returncode == 3


def test_train_evaluate_predict_without_a_tracking_server(offline):
    train_file = offline.dir / "small-train.tsv"
    shutil.copy(DATA_DIR / "twitter-2013dev-A.tsv", train_file)

    def small(params):
        params["train"].update({"train_file": str(train_file), "holdout_fraction": 0.2, "threads": 2})
        params["models"] = {"tiny": {"model_type": "logistic_regression", "max_iterations": 30}}
    offline.update_params(small)
    trained = offline.cli("train", "--config", "params.yaml", "--output", "models/tiny")
    assert "trained tiny (logistic_regression)" in trained.stdout
    assert (offline.dir / "models" / "tiny" / "MLmodel").exists()

    evaluated = offline.cli("evaluate", "--model", "models/tiny", "--data", DATA_DIR / "twitter-2016devtest-A.tsv",
                            "--output", "metrics/tiny.json")
    metrics = json.loads((offline.dir / "metrics" / "tiny.json").read_text())
    # The file has 2,000 lines; the loader keeps one row per tweet id (2 ids repeat) and drops
    # texts labelled two ways (docs/models.md, "Data"): every row it keeps is evaluated.
    ids = [line.split("\t")[0] for line in (DATA_DIR / "twitter-2016devtest-A.tsv").read_text().splitlines()]
    assert len(ids) == 2000 and len(set(ids)) == 1998
    assert 1990 <= metrics["rows"] <= 1998 and 0.3 < metrics["macro_recall"] <= 1
    assert all(isinstance(v, (int, float)) for v in metrics.values())
    assert "macro_recall" in evaluated.stdout

    tweets = "I love this so much!\nworst day ever, everything is broken\nthe bus leaves at 5\n"
    labels = offline.cli("predict", "--model", "models/tiny", input_text=tweets).stdout.split()
    assert len(labels) == 3 and set(labels) <= {"negative", "neutral", "positive"}
    lines = offline.cli("predict", "--model", "models/tiny", "--format", "jsonl", input_text=tweets).stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [row["label"] for row in rows] == labels
    assert abs(sum(rows[0]["probabilities"].values()) - 1) < 1e-4
    (offline.dir / "tweets.txt").write_text(tweets)
    from_file = offline.cli("predict", "--model", "models/tiny", "--input", "tweets.txt").stdout.split()
    assert from_file == labels

    assert offline.cli("train", "--config", "params.yaml", "--variant", "nope", "--output", "m",
                       check=False).returncode == 2
    # A model URI needs a tracking server: without one it is a usage error that says so.
    no_server = offline.cli("predict", "--model", "models:/x@champion", check=False, input_text="hi\n")
    assert no_server.returncode == 2
    assert "MLFLOW_TRACKING_URI" in (no_server.stdout or "") + (no_server.stderr or "")


def test_gate_script_usage_errors(offline):
    result = offline.run("bash", "gate.sh", "--name", "x", check=False)
    assert result.returncode == 2
    result = offline.run("bash", "gate.sh", "--name", "x", "--metric", "m", "--data", "d", "--output", "o", "absent",
                         check=False)
    assert result.returncode == 2 and "not a model directory" in result.stdout


def test_cli_is_the_one_under_test():
    assert CLI.exists(), f"build the CLI first: {CLI}"
