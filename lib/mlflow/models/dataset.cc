#include "mlflow/models/dataset.h"

#include <cstdio>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "mlflow/models/hashing.h"

namespace mlflow::models {

int Dataset::LabelIndex(std::string_view label) const {
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] == label) return static_cast<int>(i);
  }
  return -1;
}

std::vector<size_t> Dataset::ClassCounts() const {
  std::vector<size_t> counts(labels.size(), 0);
  for (const auto& example : examples) {
    if (example.label >= 0 && static_cast<size_t>(example.label) < counts.size()) ++counts[example.label];
  }
  return counts;
}

std::vector<std::string> Dataset::Texts() const {
  std::vector<std::string> texts;
  texts.reserve(examples.size());
  for (const auto& example : examples) texts.push_back(example.text);
  return texts;
}

std::vector<int> Dataset::Labels() const {
  std::vector<int> result;
  result.reserve(examples.size());
  for (const auto& example : examples) result.push_back(example.label);
  return result;
}

std::string Dataset::Digest() const {
  uint64_t hash = kHashSeed;
  for (const auto& label : labels) hash = HashCombine(hash, HashBytes(label));
  for (const auto& example : examples) {
    hash = HashCombine(hash, HashBytes(example.id));
    hash = HashCombine(hash, HashBytes(example.text));
    hash = HashCombine(hash, static_cast<uint64_t>(example.label));
  }
  char buffer[17];
  std::snprintf(buffer, sizeof(buffer), "%016llx", static_cast<unsigned long long>(hash));
  return buffer;
}

Dataset Dataset::Subset(const std::vector<size_t>& indices) const {
  Dataset subset;
  subset.name = name;
  subset.source = source;
  subset.labels = labels;
  subset.examples.reserve(indices.size());
  for (size_t index : indices) subset.examples.push_back(examples.at(index));
  return subset;
}

void LoadReport::AddProblem(std::string message) {
  if (problems.size() < kMaxProblems) problems.push_back(std::move(message));
}

std::string LoadReport::Summary() const {
  std::string text = std::to_string(lines) + " lines, " + std::to_string(loaded) + " examples kept; " +
                     std::to_string(unparsable) + " unparsable, " + std::to_string(duplicates) +
                     " duplicates dropped, " + std::to_string(conflicting_ids) + " ids with conflicting labels (" +
                     std::to_string(conflicting_rows) + " rows dropped), " + std::to_string(overlap_removed) +
                     " rows overlapping the validation data dropped; decoded " +
                     std::to_string(decode.unicode_escapes) + " \\u escapes, " + std::to_string(decode.html_entities) +
                     " HTML entities, " + std::to_string(decode.csv_unquoted) + " CSV-quoted texts; replaced " +
                     std::to_string(decode.invalid_escapes + decode.invalid_utf8) + " invalid sequences";
  for (const auto& problem : problems) text += "\n  " + problem;
  if (unparsable > problems.size()) text += "\n  ...";
  return text;
}

void ResolveDuplicateIds(Dataset* data, LoadReport* report) {
  struct Seen {
    int label;
    bool conflict;
  };
  // Decide first, move afterwards: the maps hold views into the examples' ids.
  std::unordered_map<std::string_view, Seen> seen;
  seen.reserve(data->examples.size());
  for (const auto& example : data->examples) {
    if (example.id.empty()) continue;
    auto [it, inserted] = seen.try_emplace(example.id, Seen{example.label, false});
    if (!inserted && it->second.label != example.label) it->second.conflict = true;
  }
  std::vector<char> keep(data->examples.size(), 0);
  std::unordered_set<std::string_view> emitted;
  size_t duplicates = 0;
  size_t conflicting_rows = 0;
  size_t conflicting_ids = 0;
  for (size_t i = 0; i < data->examples.size(); ++i) {
    const Example& example = data->examples[i];
    if (example.id.empty()) {
      keep[i] = 1;
      continue;
    }
    bool first = emitted.insert(example.id).second;
    if (seen.at(example.id).conflict) {
      ++conflicting_rows;
      if (first) ++conflicting_ids;
    } else if (!first) {
      ++duplicates;
    } else {
      keep[i] = 1;
    }
  }
  emitted.clear();
  seen.clear();
  std::vector<Example> kept;
  kept.reserve(data->examples.size());
  for (size_t i = 0; i < data->examples.size(); ++i) {
    if (keep[i]) kept.push_back(std::move(data->examples[i]));
  }
  data->examples = std::move(kept);
  if (report) {
    report->duplicates += duplicates;
    report->conflicting_ids += conflicting_ids;
    report->conflicting_rows += conflicting_rows;
    report->loaded = data->examples.size();
  }
}

size_t RemoveOverlap(Dataset* train, const Dataset& holdout, LoadReport* report) {
  std::unordered_set<std::string> ids;
  std::unordered_set<std::string> texts;
  for (const auto& example : holdout.examples) {
    if (!example.id.empty()) ids.insert(example.id);
    texts.insert(NormalizeForComparison(example.text));
  }
  size_t before = train->examples.size();
  std::vector<Example> kept;
  kept.reserve(before);
  for (auto& example : train->examples) {
    if ((!example.id.empty() && ids.count(example.id)) || texts.count(NormalizeForComparison(example.text))) continue;
    kept.push_back(std::move(example));
  }
  train->examples = std::move(kept);
  size_t removed = before - train->examples.size();
  if (report) {
    report->overlap_removed += removed;
    report->loaded = train->examples.size();
  }
  return removed;
}

}  // namespace mlflow::models
