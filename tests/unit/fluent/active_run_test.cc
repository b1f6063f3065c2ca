#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <stdexcept>

#include "fake_mlflow.h"
#include "mlflow/fluent/active_run.h"
#include "mlflow/fluent/journal_format.h"
#include "mlflow/fluent/journal_sync.h"
#include "support/test_env.h"

using namespace mlflow;
namespace fs = std::filesystem;

namespace {

EnvLookup FakeEnv(std::map<std::string, std::string> vars) {
  auto shared = std::make_shared<std::map<std::string, std::string>>(std::move(vars));
  return [shared](const char* name) -> const char* {
    auto it = shared->find(name);
    return it == shared->end() ? nullptr : it->second.c_str();
  };
}

RunOptions Options(std::map<std::string, std::string> env = {}) {
  RunOptions options;
  options.env = FakeEnv(std::move(env));
  options.logging.max_batch_delay = std::chrono::milliseconds(5);
  return options;
}

// A server nobody answers.
class UnreachableChannel final : public transport::RestChannel {
 public:
  Result<Json> Call(const transport::Endpoint&, const Json&, const transport::PathParams&) override {
    return Status(ErrorCode::kConnectionError, "connection refused");
  }
  Result<transport::HttpResponse> Send(transport::HttpRequest, transport::Idempotency) override {
    return Status(ErrorCode::kConnectionError, "connection refused");
  }
  const std::string& base_url() const override { return url_; }

 private:
  std::string url_ = "http://127.0.0.1:9";
};

std::vector<Json> JournalRecords(const std::string& dir) {
  std::vector<Json> records;
  for (const auto& entry : fs::directory_iterator(fs::path(dir) / "segments")) {
    journal::SegmentReader reader;
    REQUIRE(reader.Open(entry.path().string()).ok());
    journal::Record record;
    while (reader.Next(&record)) records.push_back(Json::parse(record.payload));
  }
  return records;
}

}  // namespace

TEST_CASE("a run starts with system tags and ends FINISHED when it leaves scope") {
  auto fake = std::make_shared<testing::FakeMlflow>();
  std::string run_id;
  {
    RunOptions options = Options({{"USER", "alice"}, {"MLFLOW_EXPERIMENT_NAME", "fluent-unit"}});
    options.run_name = "scoped";
    options.tags = {{"team", "ml"}, {"mlflow.source.type", "JOB"}};  // caller tags win
    auto run = ActiveRun::Start(MlflowClient(fake), options);
    REQUIRE(run.ok());
    run_id = run->run_id();
    CHECK(run->experiment_id() != "0");
    REQUIRE(run->LogMetric("loss", 0.5, 1).ok());
    REQUIRE(run->LogParam("lr", "0.1").ok());
    REQUIRE(run->SetTag("stage", "dev").ok());
  }
  auto run = fake->run(run_id);
  CHECK(run.status == "FINISHED");
  CHECK(run.end_time > 0);
  CHECK(run.run_name == "scoped");
  CHECK(run.tags["mlflow.user"] == "alice");
  CHECK(run.tags["mlflow.source.type"] == "JOB");
  CHECK(run.tags["team"] == "ml");
  CHECK(run.tags["stage"] == "dev");
  CHECK_FALSE(run.tags["mlflow.source.name"].empty());
  CHECK(run.params["lr"] == "0.1");
  CHECK(run.metrics.size() == 1);
}

TEST_CASE("leaving the scope by an exception ends the run FAILED") {
  auto fake = std::make_shared<testing::FakeMlflow>();
  std::string run_id;
  try {
    auto run = ActiveRun::Start(MlflowClient(fake), Options()).value();
    run_id = run.run_id();
    throw std::runtime_error("diverged");
  } catch (const std::runtime_error&) {}
  CHECK(fake->run(run_id).status == "FAILED");
}

TEST_CASE("a run created while an exception unwinds, then destroyed normally, is FINISHED") {
  auto fake = std::make_shared<testing::FakeMlflow>();
  std::string run_id;
  struct Cleanup {
    std::shared_ptr<testing::FakeMlflow> fake;
    std::string* id;
    ~Cleanup() {
      auto run = ActiveRun::Start(MlflowClient(fake), Options()).value();
      *id = run.run_id();
    }
  };
  try {
    Cleanup cleanup{fake, &run_id};
    throw std::runtime_error("unrelated");
  } catch (const std::runtime_error&) {}
  CHECK(fake->run(run_id).status == "FINISHED");
}

TEST_CASE("End returns the status once; later log calls fail") {
  auto fake = std::make_shared<testing::FakeMlflow>();
  auto run = ActiveRun::Start(MlflowClient(fake), Options()).value();
  REQUIRE(run.End(RunStatus::kKilled).ok());
  CHECK_FALSE(run.active());
  CHECK(fake->run(run.run_id()).status == "KILLED");
  CHECK(run.LogMetric("x", 1).code() == ErrorCode::kInvalidState);
  CHECK(run.End().ok());
  CHECK(fake->run(run.run_id()).status == "KILLED");
}

TEST_CASE("nested runs carry mlflow.parentRunId and share the parent's experiment") {
  auto fake = std::make_shared<testing::FakeMlflow>();
  auto parent = ActiveRun::Start(MlflowClient(fake), Options({{"MLFLOW_EXPERIMENT_NAME", "nest"}})).value();
  auto child = parent.StartChild().value();
  RunOptions nested = Options();
  nested.nested = true;
  auto grandchild = ActiveRun::Start(MlflowClient(fake), nested).value();  // innermost active: child
  CHECK(fake->run(child.run_id()).tags["mlflow.parentRunId"] == parent.run_id());
  CHECK(fake->run(grandchild.run_id()).tags["mlflow.parentRunId"] == child.run_id());
  CHECK(child.experiment_id() == parent.experiment_id());
  CHECK(fake->run(parent.run_id()).tags.count("mlflow.parentRunId") == 0);
}

TEST_CASE("MLFLOW_RUN_ID attaches the first top-level run to an existing run") {
  auto fake = std::make_shared<testing::FakeMlflow>();
  TrackingApi tracking(fake);
  CreateRunRequest request;
  request.experiment_id = "0";
  auto existing = tracking.CreateRun(request).value();
  REQUIRE(tracking.EndRun(existing.info.run_id, RunStatus::kFailed).ok());
  auto env = std::map<std::string, std::string>{{"MLFLOW_RUN_ID", existing.info.run_id}};
  {
    auto run = ActiveRun::Start(MlflowClient(fake), Options(env)).value();
    CHECK(run.run_id() == existing.info.run_id);
    CHECK(fake->run(existing.info.run_id).status == "RUNNING");
  }
  CHECK(fake->run(existing.info.run_id).status == "FINISHED");
  auto second = ActiveRun::Start(MlflowClient(fake), Options(env)).value();  // consumed: a new run
  CHECK(second.run_id() != existing.info.run_id);
}

TEST_CASE("a journal: URI writes the run to an offline journal") {
  std::string dir = testing::MakeTempDir("fluent-journal");
  RunOptions options = Options({{"MLFLOW_TRACKING_URI", "journal:" + dir}, {"MLFLOW_EXPERIMENT_NAME", "offline"}});
  try {
    auto run = ActiveRun::Start(options).value();
    CHECK(run.destination() == "journal:" + dir);
    auto child = run.StartChild().value();
    REQUIRE(child.LogMetric("inner", 1).ok());
    for (int i = 0; i < 10; ++i) REQUIRE(run.LogMetric("loss", i, i).ok());
    throw std::runtime_error("boom");
  } catch (const std::runtime_error&) {}
  auto records = JournalRecords(dir);
  std::map<std::string, std::string> end_status;
  std::string parent_tag;
  for (const auto& record : records) {
    if (record["type"] == "end_run") end_status[record["run"]] = record["status"];
    if (record["type"] == "start_run") {
      CHECK(record["experiment_name"] == "offline");
      for (const auto& tag : record["tags"]) {
        if (tag["key"] == "mlflow.parentRunId") parent_tag = tag["value"];
      }
    }
  }
  REQUIRE(end_status.size() == 2);
  for (const auto& [run, status] : end_status) CHECK(status == "FAILED");
  CHECK(end_status.count(parent_tag) == 1);
}

TEST_CASE("with a fallback directory an unreachable server is replaced by the journal") {
  std::string dir = testing::MakeTempDir("fluent-fallback");
  RunOptions options = Options();
  options.journal_fallback_dir = dir;
  {
    auto run = ActiveRun::Start(MlflowClient(std::make_shared<UnreachableChannel>()), options);
    REQUIRE(run.ok());
    CHECK(run->destination().find("journal fallback") != std::string::npos);
    for (int i = 0; i < 100; ++i) REQUIRE(run->LogMetric("loss", i, i).ok());
    REQUIRE(run->End().ok());
  }
  auto fake = std::make_shared<testing::FakeMlflow>();
  TrackingApi tracking(fake);
  auto report = SyncJournal(dir, tracking);
  REQUIRE(report.ok());
  REQUIRE(fake->run_ids().size() == 1);
  auto run = fake->run(fake->run_ids()[0]);
  CHECK(run.metrics.size() == 100);
  CHECK(run.status == "FINISHED");
}

TEST_CASE("without a fallback an unreachable server fails Start with the transport error") {
  auto run = ActiveRun::Start(MlflowClient(std::make_shared<UnreachableChannel>()), Options());
  CHECK(run.status().code() == ErrorCode::kConnectionError);
}

TEST_CASE("EndActiveRuns ends every active run, innermost first") {
  auto fake = std::make_shared<testing::FakeMlflow>();
  auto outer = ActiveRun::Start(MlflowClient(fake), Options()).value();
  auto inner = outer.StartChild().value();
  REQUIRE(EndActiveRuns(RunStatus::kKilled).ok());
  CHECK(fake->run(outer.run_id()).status == "KILLED");
  CHECK(fake->run(inner.run_id()).status == "KILLED");
  CHECK_FALSE(outer.active());
}
