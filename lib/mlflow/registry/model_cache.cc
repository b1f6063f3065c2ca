#include "mlflow/registry/model_cache.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "mlflow/artifacts/temp_file.h"
#include "mlflow/core/json.h"

namespace mlflow {
namespace fs = std::filesystem;

namespace {
constexpr const char* kEntryFile = "entry.json";
constexpr const char* kFilesDir = "files";

std::string Slug(const std::string& key) {
  std::string slug;
  for (char c : key) {
    bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    slug.push_back(keep ? c : '_');
    if (slug.size() >= 60) break;
  }
  return slug;
}
}  // namespace

std::string StableHash(const std::string& text) {
  uint64_t hash = 14695981039346656037ULL;  // FNV-1a 64 offset basis
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char out[17];
  std::snprintf(out, sizeof out, "%016llx", static_cast<unsigned long long>(hash));
  return out;
}

std::string DefaultModelCacheDir(const EnvLookup& env) {
  if (const char* dir = env("MLFLOWCPP_CACHE_DIR"); dir && *dir) return dir;
  if (const char* xdg = env("XDG_CACHE_HOME"); xdg && *xdg) return (fs::path(xdg) / "mlflow-cpp").string();
  if (const char* home = env("HOME"); home && *home) return (fs::path(home) / ".cache" / "mlflow-cpp").string();
  std::error_code ec;
  return (fs::temp_directory_path(ec) / "mlflow-cpp-cache").string();
}

ModelCache::ModelCache(std::string cache_dir) : dir_(std::move(cache_dir)) {}

std::string ModelCache::EntryDir(const std::string& key) const {
  // The slug keeps the key's tail (name and version), which is the readable part.
  std::string tail = key.size() > 60 ? key.substr(key.size() - 60) : key;
  return (fs::path(dir_) / (Slug(tail) + "-" + StableHash(key))).string();
}

std::optional<std::string> ModelCache::Lookup(const std::string& key) const {
  fs::path entry = EntryDir(key);
  std::ifstream in(entry / kEntryFile);
  if (!in) return std::nullopt;
  std::stringstream text;
  text << in.rdbuf();
  auto parsed = ParseJson(text.str(), "cache entry");
  if (!parsed.ok() || GetString(*parsed, "key") != key) return std::nullopt;
  std::string relative = GetString(*parsed, "path");
  if (relative.empty() || relative.rfind("..", 0) == 0 || relative.front() == '/') return std::nullopt;
  fs::path local = entry / relative;
  std::error_code ec;
  if (!fs::exists(local, ec)) return std::nullopt;
  return local.lexically_normal().string();
}

Result<std::string> ModelCache::GetOrFill(const std::string& key,
                                          const std::function<Result<std::string>(const std::string&)>& fill) {
  if (auto hit = Lookup(key)) return *hit;
  std::error_code ec;
  fs::create_directories(dir_, ec);
  if (ec) return IoError("cannot create model cache directory '" + dir_ + "': " + ec.message());
  fs::path entry = EntryDir(key);
  fs::path temp = artifacts::TempPathFor(entry);
  fs::path files = temp / kFilesDir;
  fs::create_directories(files, ec);
  if (ec) return IoError("cannot create '" + files.string() + "': " + ec.message());
  auto cleanup = [&] { fs::remove_all(temp, ec); };

  auto produced = fill(files.string());
  if (!produced.ok()) {
    cleanup();
    return produced.status();
  }
  std::string relative = fs::path(*produced).lexically_relative(temp).generic_string();
  if (relative.empty() || relative.rfind("..", 0) == 0) {
    cleanup();
    return InternalError("cache fill produced '" + *produced + "', outside its directory");
  }
  {
    std::ofstream out(temp / kEntryFile);
    out << DumpJson(Json{{"key", key}, {"path", relative}});
    if (!out) {
      cleanup();
      return IoError("cannot write the cache entry under '" + temp.string() + "'");
    }
  }
  fs::rename(temp, entry, ec);
  if (ec) {
    // Another filler won the race (its entry is complete), or a broken entry is in the way.
    if (auto hit = Lookup(key)) {
      cleanup();
      return *hit;
    }
    std::error_code remove_ec;
    fs::remove_all(entry, remove_ec);
    ec.clear();
    fs::rename(temp, entry, ec);
    if (ec) {
      cleanup();
      return IoError("cannot publish cache entry '" + entry.string() + "': " + ec.message());
    }
  }
  return (entry / relative).lexically_normal().string();
}

Status ModelCache::Remove(const std::string& key) {
  std::error_code ec;
  fs::remove_all(EntryDir(key), ec);
  if (ec) return IoError("cannot remove cache entry '" + EntryDir(key) + "': " + ec.message());
  return Status::Ok();
}

}  // namespace mlflow
