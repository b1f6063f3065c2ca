#include "mlflow/pipeline/dvc_lock.h"

#include <filesystem>

#include <fmt/format.h>

#include "mlflow/models/file_util.h"

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

// dvc.lock is machine-written YAML (ruamel) whose other fields use folded and multi-line plain
// scalars; only stages -> deps/outs -> path/md5 matter here, so read those lines and skip the
// rest instead of parsing all of YAML.
Result<DvcLock> DvcLock::Parse(const std::string& text, const std::string& directory) {
  DvcLock lock;
  lock.directory_ = directory;
  bool in_stages = false;
  size_t stage_indent = 0, section_indent = 0, item_indent = 0;
  std::string stage, section;
  std::optional<DvcLockEntry> item;
  auto flush = [&] {
    if (item && !item->path.empty() && !item->md5.empty()) lock.entries_.push_back(*item);
    item.reset();
  };
  auto unquote = [](std::string value) {
    while (!value.empty() && (value.back() == ' ' || value.back() == '\r')) value.pop_back();
    if (value.size() >= 2 && (value.front() == '\'' || value.front() == '"') && value.back() == value.front()) {
      value = value.substr(1, value.size() - 2);
    }
    return value;
  };
  auto key_value = [&](const std::string& content, std::string* key, std::string* value) {
    size_t colon = content.find(':');
    if (colon == std::string::npos) return false;
    *key = content.substr(0, colon);
    size_t begin = content.find_first_not_of(' ', colon + 1);
    *value = begin == std::string::npos ? "" : unquote(content.substr(begin));
    return true;
  };
  size_t line_start = 0;
  while (line_start <= text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    std::string line = text.substr(line_start, line_end - line_start);
    line_start = line_end + 1;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t indent = line.find_first_not_of(' ');
    if (indent == std::string::npos || line[indent] == '#') continue;
    std::string content = line.substr(indent);
    if (indent == 0) {
      flush();
      in_stages = content == "stages:";
      stage.clear();
      stage_indent = 0;
      continue;
    }
    if (!in_stages) continue;
    if (stage_indent == 0) stage_indent = indent;
    if (indent == stage_indent) {
      flush();
      stage = content.back() == ':' ? unquote(content.substr(0, content.size() - 1)) : "";
      section.clear();
      section_indent = 0;
      continue;
    }
    if (stage.empty()) continue;
    if (section_indent == 0) section_indent = indent;
    bool dash = content.rfind("- ", 0) == 0;
    if (indent == section_indent && !dash) {
      flush();
      section = content == "deps:" ? "deps" : content == "outs:" ? "outs" : "";
      continue;
    }
    if (section.empty()) continue;
    std::string key, value;
    if (dash) {
      flush();
      item = DvcLockEntry{stage, "", "", section == "outs"};
      item_indent = indent + 2;
      if (key_value(content.substr(2), &key, &value) && key == "path") item->path = value;
    } else if (item && indent == item_indent && key_value(content, &key, &value)) {
      if (key == "path") item->path = value;
      if (key == "md5") item->md5 = value;
    }
  }
  flush();
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
