"""quickstart.py: log a small training run to MLflow with the mlflowcpp Python package.

    export MLFLOW_TRACKING_URI=http://127.0.0.1:5000
    .venv/bin/python examples/python/quickstart.py [experiment-name]

The Python twin of examples/quickstart: an experiment (created when missing), a run with
params, a loss and an accuracy curve over 10 epochs and a few tags. Log calls are queued and
sent in batches by the C++ client; leaving the `with` block flushes and ends the run FINISHED
(FAILED if an exception leaves it). Prints "run_id=<id>".
"""

import math
import sys

import mlflowcpp

experiment = sys.argv[1] if len(sys.argv) > 1 else "mlflowcpp-python-quickstart"

with mlflowcpp.start_run(run_name="python-quickstart", experiment_name=experiment) as run:
    run.log_params({"learning_rate": 0.05, "epochs": 10, "optimizer": "sgd"})
    for epoch in range(10):
        loss = 0.9 * math.exp(-0.3 * epoch) + 0.05
        run.log_metrics({"loss": loss, "accuracy": 1.0 - loss / 2.0}, step=epoch)
    run.set_tags({"team": "examples", "language": "python"})

print(f"run_id={run.run_id}")
