"""Shared helpers of the pipeline tests: a git repository holding a copy of
examples/sentiment-pipeline, running DVC and the CLI in it, reading DVC's own output.

Environment (set by tests/pipeline/tests.cmake): MLFLOWCPP_SOURCE_DIR, MLFLOWCPP_BINARY_DIR,
MLFLOWCPP_CLI, MLFLOWCPP_TEST_SERVER_DIR (the shared server's `uri` file), MLFLOWCPP_VENV,
MLFLOWCPP_DATA_DIR. MLFLOW_TEST_TRACKING_URI overrides the server.
"""
import os
import re
import shutil
import subprocess
import uuid
from pathlib import Path

import yaml

SOURCE_DIR = Path(os.environ.get("MLFLOWCPP_SOURCE_DIR", Path(__file__).resolve().parents[2]))
BINARY_DIR = Path(os.environ.get("MLFLOWCPP_BINARY_DIR", SOURCE_DIR / "build"))
CLI = Path(os.environ.get("MLFLOWCPP_CLI", BINARY_DIR / "bin" / "mlflow-cpp"))
VENV = Path(os.environ.get("MLFLOWCPP_VENV", SOURCE_DIR / ".venv"))
DATA_DIR = Path(os.environ.get("MLFLOWCPP_DATA_DIR", SOURCE_DIR.parent / "shared" / "data" / "semeval2017-task4a"))
PIPELINE_SOURCE = SOURCE_DIR / "examples" / "sentiment-pipeline"
DVC = VENV / "bin" / "dvc"

# Not copied from the example folder: outputs and state of earlier local runs.
_LOCAL_STATE = {".mlflow", "data", "models", "metrics", "reports", "dvc.lock"}


def tracking_uri():
    uri = os.environ.get("MLFLOW_TEST_TRACKING_URI")
    if uri:
        return uri
    server_dir = Path(os.environ.get("MLFLOWCPP_TEST_SERVER_DIR", BINARY_DIR / "test-server"))
    return (server_dir / "uri").read_text().strip()


def scratch_dir(prefix):
    path = BINARY_DIR / "test-scratch" / f"{prefix}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    path.mkdir(parents=True)
    return path


def unique(prefix):
    return f"{prefix}-{os.getpid()}-{uuid.uuid4().hex[:6]}"


class Pipeline:
    """A git repository <root>/repo whose examples/sentiment-pipeline is a copy of the
    example, with DVC, git and the CLI wired up through the environment."""

    def __init__(self, root, experiment, model_name):
        self.root = Path(root)
        self.repo = self.root / "repo"
        self.dir = self.repo / "examples" / "sentiment-pipeline"
        self.model_name = model_name
        shutil.copytree(PIPELINE_SOURCE, self.dir, ignore=lambda d, names: [
            n for n in names if (Path(d) == PIPELINE_SOURCE and n in _LOCAL_STATE) or n in ("cache", "tmp")
        ])
        self.env = dict(os.environ)
        self.env.update({
            "PATH": f"{CLI.parent}:{VENV / 'bin'}:{os.environ.get('PATH', '')}",
            "MLFLOW_TRACKING_URI": tracking_uri(),
            "MLFLOW_EXPERIMENT_NAME": experiment,
            "DVC_NO_ANALYTICS": "1",
            "GIT_AUTHOR_NAME": "pipeline-test", "GIT_AUTHOR_EMAIL": "test@example.com",
            "GIT_COMMITTER_NAME": "pipeline-test", "GIT_COMMITTER_EMAIL": "test@example.com",
        })
        self.env.pop("MLFLOW_RUN_ID", None)
        self.env.pop("GATE_MODE", None)
        self.git("init", "-q", "-b", "main")
        self.commit("pipeline copy")

    # --- processes -------------------------------------------------------------------
    def run(self, *args, cwd=None, check=True, input_text=None, timeout=900):
        result = subprocess.run([str(a) for a in args], cwd=cwd or self.dir, env=self.env, input=input_text,
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=timeout)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(map(str, args))} exited {result.returncode}:\n{result.stdout}")
        return result

    def git(self, *args, check=True):
        return self.run("git", *args, cwd=self.repo, check=check)

    def commit(self, message):
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty", "-m", message)
        return self.git("rev-parse", "HEAD").stdout.strip()

    def dvc(self, *args, check=True):
        return self.run(DVC, *args, check=check)

    def cli(self, *args, check=True, input_text=None):
        return self.run(CLI, *args, check=check, input_text=input_text)

    def repro(self, *args, check=True):
        """Runs `dvc repro`; returns (output, set of stages DVC says it ran)."""
        result = self.dvc("repro", *args, check=check)
        return result, ran_stages(result.stdout)

    # --- files -------------------------------------------------------------------------
    def params(self):
        return yaml.safe_load((self.dir / "params.yaml").read_text())

    def write_params(self, params):
        (self.dir / "params.yaml").write_text(yaml.safe_dump(params, sort_keys=False))

    def update_params(self, change):
        params = self.params()
        change(params)
        self.write_params(params)

    def lock(self):
        return yaml.safe_load((self.dir / "dvc.lock").read_text())

    def lock_out_md5(self, stage, path):
        for out in self.lock()["stages"][stage].get("outs", []):
            if out["path"] == path:
                return out["md5"]
        raise KeyError(f"{stage} has no output {path} in dvc.lock")


def ran_stages(output):
    """The stages `dvc repro` ran, from its own "Running stage 'x':" lines."""
    return set(re.findall(r"Running stage '([^']+)'", output))


def fast_params(params, data_dir, model_name):
    """Test settings: the real data, small models, a unique registered model."""
    params["prepare"]["data_dir"] = data_dir
    params["train"]["threads"] = 2
    params["train"]["holdout_fraction"] = 0.1
    params["models"] = {"logreg": {"model_type": "logistic_regression", "c": 2.0, "word_ngrams": "1-2",
                                   "max_iterations": 60}}
    params["gate"]["model_name"] = model_name
    params["gate"]["candidates"] = "logreg"
    return params
