#include "mlflow/pipeline/validation_report.h"

#include <fmt/format.h>

#include "mlflow/core/utf8.h"
#include "mlflow/models/unicode_classes.h"

namespace mlflow::pipeline {
namespace {

std::string Truncate(const std::string& text, size_t max_code_points) {
  size_t pos = 0, count = 0;
  while (pos < text.size() && count < max_code_points) {
    DecodeUtf8(text, &pos);
    ++count;
  }
  if (pos >= text.size()) return text;
  return text.substr(0, pos) + "…";
}

Json SummaryJson(const DataFileSummary& file) {
  return Json{{"path", file.path}, {"rows", file.rows}, {"sha256", file.sha256}};
}

}  // namespace

void Finding::AddExample(ExampleRow row) {
  if (examples.size() >= kMaxExamples) return;
  row.text = Truncate(row.text, kMaxExampleText);
  examples.push_back(std::move(row));
}

std::string Finding::StatusName() const {
  if (skipped) return "skipped";
  if (count == 0) return "pass";
  return severity == Severity::kFail ? "fail" : "warn";
}

bool ValidationReport::Passed() const { return FailedChecks().empty(); }

std::vector<std::string> ValidationReport::FailedChecks() const {
  std::vector<std::string> names;
  for (const auto& finding : findings) {
    if (finding.Failed()) names.push_back(finding.check);
  }
  return names;
}

std::vector<std::string> ValidationReport::WarnedChecks() const {
  std::vector<std::string> names;
  for (const auto& finding : findings) {
    if (finding.Warned()) names.push_back(finding.check);
  }
  return names;
}

const Finding* ValidationReport::Find(const std::string& check) const {
  for (const auto& finding : findings) {
    if (finding.check == check) return &finding;
  }
  return nullptr;
}

Json ValidationReport::ToJson() const {
  Json checks = Json::array();
  for (const auto& finding : findings) {
    Json examples = Json::array();
    for (const auto& row : finding.examples) {
      examples.push_back(Json{{"file", row.file},
                              {"line", row.line},
                              {"id", row.id},
                              {"label", row.label},
                              {"text", row.text},
                              {"note", row.note}});
    }
    checks.push_back(Json{{"check", finding.check},
                          {"severity", SeverityName(finding.severity)},
                          {"status", finding.StatusName()},
                          {"count", finding.count},
                          {"message", finding.message},
                          {"examples", std::move(examples)},
                          {"details", finding.details}});
  }
  Json data_files = Json::array();
  for (const auto& file : data) data_files.push_back(SummaryJson(file));
  Json labels = Json::object();
  for (const auto& [label, n] : label_counts) labels[label] = n;
  return Json{{"passed", Passed()},
              {"rows", rows},
              {"label_counts", std::move(labels)},
              {"failed", FailedChecks()},
              {"warned", WarnedChecks()},
              {"data", std::move(data_files)},
              {"reference", reference ? SummaryJson(*reference) : Json(nullptr)},
              {"checks", std::move(checks)}};
}

std::string ValidationReport::Summary() const {
  std::string out;
  for (const auto& finding : findings) {
    if (!finding.Failed() && !finding.Warned()) continue;
    out += fmt::format("{:<5} {:<19} {}\n", finding.Failed() ? "FAIL" : "WARN", finding.check, finding.message);
    for (const auto& row : finding.examples) {
      out += fmt::format("        {}:{} id={} label={} {}{}\n", row.file, row.line, row.id, row.label,
                         row.note.empty() ? "" : "(" + row.note + ") ", row.text);
    }
  }
  auto failed = FailedChecks();
  out += failed.empty() ? fmt::format("validation passed: {} rows, {} warning(s)\n", rows, WarnedChecks().size())
                        : fmt::format("validation FAILED: {} check(s) failed\n", failed.size());
  return out;
}

}  // namespace mlflow::pipeline
