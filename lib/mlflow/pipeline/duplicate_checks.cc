// Duplicate checks: ids, texts, texts with conflicting labels, overlap with the reference.
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

#include "mlflow/models/text_decoding.h"
#include "mlflow/pipeline/validation_checks.h"

namespace mlflow::pipeline {
namespace {

std::string Where(const ValidationRecord& record) { return fmt::format("{}:{}", record.file, record.line); }

bool Blank(const std::string& normalized) { return normalized.empty(); }

}  // namespace

Finding CheckDuplicateIds(const Records& records) {
  Finding finding;
  finding.check = kCheckDuplicateIds;
  std::unordered_map<std::string, const ValidationRecord*> first;
  std::set<std::string> duplicated, conflicting;
  for (const auto& record : records) {
    if (record.id.empty()) continue;
    auto [it, inserted] = first.emplace(record.id, &record);
    if (inserted) continue;
    ++finding.count;
    duplicated.insert(record.id);
    bool differs = CanonicalLabel(it->second->label) != CanonicalLabel(record.label);
    if (differs) conflicting.insert(record.id);
    finding.AddExample(MakeExample(record, fmt::format("first seen at {}{}", Where(*it->second),
                                                       differs ? fmt::format(" labelled {}", it->second->label)
                                                               : std::string(" with the same label"))));
  }
  finding.details = Json{{"ids", duplicated.size()}, {"ids_with_different_labels", conflicting.size()}};
  finding.message = finding.count == 0
                        ? "every id is unique"
                        : fmt::format("{} row(s) repeat an earlier id ({} id(s), {} of them with different labels)",
                                      finding.count, duplicated.size(), conflicting.size());
  return finding;
}

Finding CheckDuplicateTexts(const Records& records) {
  Finding finding;
  finding.check = kCheckDuplicateTexts;
  std::unordered_map<std::string, const ValidationRecord*> first;
  size_t distinct = 0;
  std::set<std::string> counted;
  for (const auto& record : records) {
    std::string key = models::NormalizeForComparison(record.text);
    if (Blank(key)) continue;
    auto [it, inserted] = first.emplace(key, &record);
    if (inserted) continue;
    ++finding.count;
    if (counted.insert(key).second) ++distinct;
    finding.AddExample(MakeExample(record, fmt::format("same text as {} (id {})", Where(*it->second), it->second->id)));
  }
  finding.details = Json{{"texts", distinct}};
  finding.message = finding.count == 0 ? "every text is unique"
                                       : fmt::format("{} row(s) repeat an earlier text ({} distinct text(s))",
                                                     finding.count, distinct);
  return finding;
}

Finding CheckConflictingLabels(const Records& records) {
  Finding finding;
  finding.check = kCheckConflictingLabels;
  // Normalised text -> rows, in first-seen order.
  std::unordered_map<std::string, std::vector<const ValidationRecord*>> groups;
  std::vector<std::string> order;
  for (const auto& record : records) {
    std::string key = models::NormalizeForComparison(record.text);
    if (Blank(key)) continue;
    auto& group = groups[key];
    if (group.empty()) order.push_back(key);
    group.push_back(&record);
  }
  size_t texts = 0;
  for (const auto& key : order) {
    const auto& group = groups[key];
    std::set<std::string> labels;
    for (const auto* record : group) labels.insert(CanonicalLabel(record->label));
    if (labels.size() < 2) continue;
    ++texts;
    finding.count += group.size();
    std::string all;
    for (const auto& label : labels) all += (all.empty() ? "" : "/") + label;
    for (const auto* record : group) finding.AddExample(MakeExample(*record, "text labelled " + all));
  }
  finding.details = Json{{"texts", texts}};
  finding.message = finding.count == 0
                        ? "no text carries two different labels"
                        : fmt::format("{} text(s) carry different labels ({} row(s))", texts, finding.count);
  return finding;
}

Finding CheckReferenceOverlap(const Records& records, const Records& reference) {
  Finding finding;
  finding.check = kCheckReferenceOverlap;
  std::unordered_map<std::string, const ValidationRecord*> ids, texts;
  for (const auto& record : reference) {
    if (!record.id.empty()) ids.emplace(record.id, &record);
    std::string key = models::NormalizeForComparison(record.text);
    if (!Blank(key)) texts.emplace(key, &record);
  }
  size_t by_id = 0, by_text = 0;
  for (const auto& record : records) {
    auto id_hit = record.id.empty() ? ids.end() : ids.find(record.id);
    auto text_hit = texts.find(models::NormalizeForComparison(record.text));
    if (id_hit == ids.end() && text_hit == texts.end()) continue;
    ++finding.count;
    if (id_hit != ids.end()) ++by_id;
    if (text_hit != texts.end()) ++by_text;
    const ValidationRecord* other = id_hit != ids.end() ? id_hit->second : text_hit->second;
    finding.AddExample(MakeExample(
        record, fmt::format("{} also in the reference at {}", id_hit != ids.end() ? "id" : "text", Where(*other))));
  }
  finding.details = Json{{"by_id", by_id}, {"by_text", by_text}};
  finding.message = finding.count == 0 ? "no row shares an id or a text with the reference"
                                       : fmt::format("{} row(s) share an id ({}) or a text ({}) with the reference",
                                                     finding.count, by_id, by_text);
  return finding;
}

}  // namespace mlflow::pipeline
