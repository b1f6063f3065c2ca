// Helpers every test binary shares: where the real MLflow server is, the data, the venv.
#pragma once

#include <string>

namespace mlflow::testing {

// The shared test server's URI ("http://127.0.0.1:PORT"), from MLFLOW_TEST_TRACKING_URI or
// the file the CTest fixture wrote. Throws when neither exists (run the tests through ctest).
std::string TrackingUri();

// ../shared/data/semeval2017-task4a (read-only).
std::string DataDir();

// <repo>/.venv/bin/python, the interpreter with the official mlflow client.
std::string VenvPython();

// A fresh, empty directory under the build tree's test scratch area.
std::string MakeTempDir(const std::string& prefix);

// A name unique within this test run (prefix + pid + counter), for experiments and models.
std::string UniqueName(const std::string& prefix);

// `full` scaled by MLFLOWCPP_TEST_SCALE (a fraction in (0, 1]; unset or empty means 1;
// anything else throws std::invalid_argument, failing the test),
// never below `minimum`. The sanitizer modes (scripts/test-sanitize.sh) run the heaviest volume
// scenarios on a tenth of their points: the code paths are the same, the instrumented run 4x slower.
int ScaledCount(int full, int minimum = 1);

// Runs a shell command and returns its exit code; stdout is captured into *output if given.
int RunCommand(const std::string& command, std::string* output = nullptr);

// Runs a Python snippet with the venv interpreter, MLFLOW_TRACKING_URI set to TrackingUri().
// Returns stdout; throws with stderr folded in when the script fails.
std::string RunPython(const std::string& script);

}  // namespace mlflow::testing
