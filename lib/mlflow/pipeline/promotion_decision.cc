#include "mlflow/pipeline/promotion_decision.h"

#include <fmt/format.h>

namespace mlflow::pipeline {
namespace {

constexpr size_t kMaxTagValue = 5000;

std::string Cap(std::string value) {
  if (value.size() > kMaxTagValue) value.resize(kMaxTagValue);
  return value;
}

Json Metrics(const MetricValues& values) {
  Json out = Json::object();
  for (const auto& [key, value] : values) out[key] = EncodeDouble(value);
  return out;
}

}  // namespace

const char* PromotionOutcomeName(PromotionOutcome outcome) {
  switch (outcome) {
    case PromotionOutcome::kPromoted:
      return "promoted";
    case PromotionOutcome::kFirstChampion:
      return "first_champion";
    case PromotionOutcome::kAlreadyChampion:
      return "already_champion";
    case PromotionOutcome::kRefused:
      return "refused";
  }
  return "refused";
}

Json PromotionDecision::ToJson() const {
  return Json{{"name", name},
              {"champion_alias", champion_alias},
              {"candidate_version", candidate_version},
              {"champion_version", champion_version.empty() ? Json(nullptr) : Json(champion_version)},
              {"decision", PromotionOutcomeName(outcome)},
              {"passed", Passed()},
              {"alias_moved", MovesAlias() && !dry_run},
              {"dry_run", dry_run},
              {"gate", gate.ToJson()},
              {"candidate_metrics", Metrics(candidate_metrics)},
              {"champion_metrics", Metrics(champion_metrics)},
              {"data", Json{{"digest", data_digest}, {"rows", data_rows}}},
              {"run_id", run_id}};
}

std::map<std::string, std::string> PromotionDecision::Tags(int64_t decided_at_millis) const {
  std::map<std::string, std::string> tags;
  tags["gate.decision"] = PromotionOutcomeName(outcome);
  tags["gate.champion_alias"] = champion_alias;
  tags["gate.champion_version"] = champion_version;
  if (MovesAlias() && !champion_version.empty()) tags["gate.previous_champion"] = champion_version;
  Json thresholds = Json::object();
  for (const auto& check : gate.checks) thresholds[check.metric] = check.threshold.ToJson();
  tags["gate.thresholds"] = Cap(DumpJson(thresholds));
  for (const auto& [metric, value] : candidate_metrics) {
    if (thresholds.contains(metric)) tags["gate.candidate." + metric] = fmt::format("{}", value);
  }
  for (const auto& [metric, value] : champion_metrics) {
    if (thresholds.contains(metric)) tags["gate.champion." + metric] = fmt::format("{}", value);
  }
  tags["gate.passed"] = Passed() ? "true" : "false";
  std::string failures;
  for (const auto& failure : gate.Failures()) failures += (failures.empty() ? "" : "\n") + failure;
  tags["gate.failures"] = Cap(failures);
  tags["gate.data_digest"] = data_digest;
  if (!run_id.empty()) tags["gate.run_id"] = run_id;
  tags["gate.decided_at"] = std::to_string(decided_at_millis);
  return tags;
}

std::string PromotionDecision::Summary() const {
  std::string out;
  std::string champion = champion_version.empty() ? "none" : "version " + champion_version;
  switch (outcome) {
    case PromotionOutcome::kFirstChampion:
      out += fmt::format("{} version {}: no {} yet, the candidate becomes {}\n", name, candidate_version,
                         champion_alias, champion_alias);
      break;
    case PromotionOutcome::kPromoted:
      out += fmt::format("{} version {}: PASSED the gate against {} ({}); {} -> version {}\n", name, candidate_version,
                         champion_alias, champion, champion_alias, candidate_version);
      break;
    case PromotionOutcome::kAlreadyChampion:
      out += fmt::format("{} version {} is already {}; nothing to do\n", name, candidate_version, champion_alias);
      break;
    case PromotionOutcome::kRefused:
      out += fmt::format("{} version {}: REFUSED by the gate against {} ({}); {} stays\n", name, candidate_version,
                         champion_alias, champion, champion_alias);
      break;
  }
  for (const auto& check : gate.checks) {
    out += fmt::format("  {}: candidate {}{}  [{}] {}\n", check.metric,
                       check.candidate ? fmt::format("{:.4f}", *check.candidate) : "missing",
                       check.baseline ? fmt::format(", champion {:.4f}", *check.baseline) : std::string(),
                       check.threshold.ToString(), check.Passed() ? "ok" : "FAILED");
  }
  for (const auto& failure : gate.Failures()) out += "  failed: " + failure + "\n";
  if (dry_run) out += "  (dry run: the registry was not changed)\n";
  return out;
}

}  // namespace mlflow::pipeline
