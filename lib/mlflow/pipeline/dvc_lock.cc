#include "mlflow/pipeline/dvc_lock.h"

#include <filesystem>

#include <fmt/format.h>

#include "mlflow/models/file_util.h"
#include "mlflow/pipeline/yaml_subset.h"

namespace mlflow::pipeline {
namespace fs = std::filesystem;
namespace {

fs::path Normal(const fs::path& path) {
  std::error_code ec;
  fs::path absolute = fs::absolute(path, ec);
  return (ec ? path : absolute).lexically_normal();
}

// True when `inner` is `outer` or below it.
bool Contains(const fs::path& outer, const fs::path& inner) {
  auto o = outer.begin(), i = inner.begin();
  for (; o != outer.end(); ++o, ++i) {
    if (o->empty()) continue;  // trailing separator
    if (i == inner.end() || *o != *i) return false;
  }
  return true;
}

}  // namespace

Result<DvcLock> DvcLock::Parse(const std::string& text, const std::string& directory) {
  MLFLOW_ASSIGN_OR_RETURN(YamlValue root, ParseYaml(text, "dvc.lock"));
  DvcLock lock;
  lock.directory_ = directory;
  if (!root.is_object()) return lock;
  auto stages = root.find("stages");
  if (stages == root.end() || !stages->is_object()) return lock;
  for (const auto& [stage, body] : stages->items()) {
    if (!body.is_object()) continue;
    for (const auto& [section, output] : {std::pair{"deps", false}, std::pair{"outs", true}}) {
      auto list = body.find(section);
      if (list == body.end() || !list->is_array()) continue;
      for (const auto& item : *list) {
        if (!item.is_object() || !item.contains("path")) continue;
        std::string md5 = item.contains("md5") && item["md5"].is_string() ? item["md5"].get<std::string>() : "";
        if (md5.empty()) continue;
        lock.entries_.push_back({stage, item["path"].get<std::string>(), md5, output});
      }
    }
  }
  return lock;
}

Result<std::optional<DvcLock>> DvcLock::Load(const std::string& directory) {
  fs::path path = fs::path(directory) / "dvc.lock";
  std::error_code ec;
  if (!fs::exists(path, ec)) return std::optional<DvcLock>();
  MLFLOW_ASSIGN_OR_RETURN(std::string text, models::ReadFileToString(path.string()));
  MLFLOW_ASSIGN_OR_RETURN(DvcLock lock, Parse(text, directory));
  return std::optional<DvcLock>(std::move(lock));
}

std::optional<DvcLockEntry> DvcLock::Lookup(const std::string& input, const std::string& exclude_stage) const {
  fs::path target = Normal(input);
  fs::path base = Normal(directory_);
  std::optional<DvcLockEntry> best;
  size_t best_depth = 0;
  for (const auto& entry : entries_) {
    if (!exclude_stage.empty() && entry.stage == exclude_stage) continue;
    fs::path candidate = (base / entry.path).lexically_normal();
    if (!Contains(candidate, target)) continue;
    size_t depth = std::distance(candidate.begin(), candidate.end());
    // Prefer the most specific entry, then outputs over dependencies.
    if (!best || depth > best_depth || (depth == best_depth && entry.output && !best->output)) {
      best = entry;
      best_depth = depth;
    }
  }
  return best;
}

}  // namespace mlflow::pipeline
