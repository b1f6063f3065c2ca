#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <map>

#include "mlflow/registry/model_cache.h"
#include "support/test_env.h"

using namespace mlflow;
namespace fs = std::filesystem;

TEST_CASE("the default cache dir follows MLFLOWCPP_CACHE_DIR, XDG_CACHE_HOME, HOME", "[registry][cache]") {
  std::map<std::string, std::string> vars = {{"MLFLOWCPP_CACHE_DIR", "/c"}, {"XDG_CACHE_HOME", "/x"}, {"HOME", "/h"}};
  auto env = [&](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
  CHECK(DefaultModelCacheDir(env) == "/c");
  vars.erase("MLFLOWCPP_CACHE_DIR");
  CHECK(DefaultModelCacheDir(env) == "/x/mlflow-cpp");
  vars.erase("XDG_CACHE_HOME");
  CHECK(DefaultModelCacheDir(env) == "/h/.cache/mlflow-cpp");
}

TEST_CASE("cache keys hash stably and name readable directories", "[registry][cache]") {
  CHECK(StableHash("") == "cbf29ce484222325");  // FNV-1a 64 offset basis
  CHECK(StableHash("models/a/1") == StableHash("models/a/1"));
  CHECK(StableHash("models/a/1") != StableHash("models/a/2"));
  ModelCache cache("/cache");
  std::string dir = cache.EntryDir("http://h:1 models/sentiment/3@1700");
  CHECK(dir.rfind("/cache/", 0) == 0);
  CHECK(dir.find("models_sentiment_3_1700") != std::string::npos);
  CHECK(cache.EntryDir("k1") != cache.EntryDir("k2"));
}

TEST_CASE("GetOrFill fills once and then serves the entry", "[registry][cache]") {
  ModelCache cache(mlflow::testing::MakeTempDir("cache"));
  int fills = 0;
  auto fill = [&](const std::string& dir) -> Result<std::string> {
    ++fills;
    std::ofstream(dir + "/MLmodel") << "flavors: {}\n";
    return dir;
  };
  auto first = cache.GetOrFill("key", fill).value();
  auto second = cache.GetOrFill("key", fill).value();
  CHECK(fills == 1);
  CHECK(first == second);
  CHECK(fs::exists(fs::path(first) / "MLmodel"));
  CHECK(cache.Lookup("key").value() == first);
  CHECK_FALSE(cache.Lookup("other").has_value());
  REQUIRE(cache.Remove("key").ok());
  CHECK_FALSE(cache.Lookup("key").has_value());
}

TEST_CASE("a failed fill leaves no entry and no temp directory", "[registry][cache]") {
  std::string root = mlflow::testing::MakeTempDir("cache-fail");
  ModelCache cache(root);
  auto failed = cache.GetOrFill("key", [](const std::string&) -> Result<std::string> {
    return Status(ErrorCode::kResourceDoesNotExist, "gone");
  });
  REQUIRE_FALSE(failed.ok());
  CHECK(failed.status().code() == ErrorCode::kResourceDoesNotExist);
  CHECK(fs::is_empty(root));
}

TEST_CASE("a fill that loses the race uses the winner's entry", "[registry][cache]") {
  ModelCache cache(mlflow::testing::MakeTempDir("cache-race"));
  std::string winner;
  auto result = cache.GetOrFill("key", [&](const std::string& dir) -> Result<std::string> {
    // Another process publishes the same key while this one downloads.
    winner = cache
                 .GetOrFill("key",
                            [](const std::string& d) -> Result<std::string> {
                              std::ofstream(d + "/file") << "winner";
                              return d;
                            })
                 .value();
    std::ofstream(dir + "/file") << "loser";
    return dir;
  });
  REQUIRE(result.ok());
  CHECK(*result == winner);
  std::ifstream in(*result + "/file");
  std::string content;
  in >> content;
  CHECK(content == "winner");
}
