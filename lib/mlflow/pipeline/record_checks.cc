// Row-level checks: schema, labels, empty text, UTF-8.
#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include <fmt/format.h>

#include "mlflow/pipeline/validation_checks.h"
#include "mlflow/core/text.h"

namespace mlflow::pipeline {

std::string CanonicalLabel(const std::string& label) {
  const std::string out = AsciiLowercase(label);
  size_t b = out.find_first_not_of(" \t"), e = out.find_last_not_of(" \t");
  return b == std::string::npos ? "" : out.substr(b, e - b + 1);
}

ExampleRow MakeExample(const ValidationRecord& record, std::string note) {
  return ExampleRow{record.file, record.line, record.id, record.label, record.text, std::move(note)};
}

Finding CheckSchema(const std::vector<SchemaProblem>& problems) {
  Finding finding;
  finding.check = kCheckSchema;
  finding.count = problems.size();
  for (const auto& problem : problems) {
    finding.AddExample(ExampleRow{problem.file, problem.line, "", "", problem.raw, problem.message});
  }
  std::map<std::string, size_t> by_message;
  for (const auto& problem : problems) {
    std::string kind = problem.message.substr(0, problem.message.find(" '"));
    ++by_message[kind];
  }
  finding.details["problems"] = Json::object();
  for (const auto& [kind, n] : by_message) finding.details["problems"][kind] = n;
  finding.message = problems.empty()
                        ? "every row has the expected fields"
                        : fmt::format("{} row(s) or header(s) do not match the expected columns", problems.size());
  return finding;
}

Finding CheckLabels(const Records& records, const std::vector<std::string>& allowed_labels) {
  Finding finding;
  finding.check = kCheckLabels;
  std::set<std::string> allowed;
  for (const auto& label : allowed_labels) allowed.insert(CanonicalLabel(label));
  std::map<std::string, size_t> unknown;
  for (const auto& record : records) {
    if (allowed.count(CanonicalLabel(record.label))) continue;
    ++finding.count;
    ++unknown[record.label];
    finding.AddExample(MakeExample(record, record.label.empty() ? "empty label" : "label not allowed"));
  }
  finding.details["allowed"] = allowed_labels;
  finding.details["unknown"] = Json::object();
  for (const auto& [label, n] : unknown) finding.details["unknown"][label] = n;
  std::string allowed_list;
  for (const auto& label : allowed_labels) allowed_list += (allowed_list.empty() ? "" : ", ") + label;
  finding.message = finding.count == 0
                        ? fmt::format("every label is one of: {}", allowed_list)
                        : fmt::format("{} row(s) have a label outside {{{}}}", finding.count, allowed_list);
  return finding;
}

Finding CheckEmptyText(const Records& records) {
  Finding finding;
  finding.check = kCheckEmptyText;
  for (const auto& record : records) {
    bool blank = std::all_of(record.text.begin(), record.text.end(),
                             [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; });
    if (!blank) continue;
    ++finding.count;
    finding.AddExample(MakeExample(record, record.text.empty() ? "empty" : "white space only"));
  }
  finding.message = finding.count == 0 ? "no empty or white-space text"
                                       : fmt::format("{} row(s) have an empty or white-space text", finding.count);
  return finding;
}

Finding CheckInvalidUtf8(const Records& records) {
  Finding finding;
  finding.check = kCheckInvalidUtf8;
  for (const auto& record : records) {
    if (record.valid_utf8) continue;
    ++finding.count;
    finding.AddExample(MakeExample(record, "malformed UTF-8 or a lone surrogate escape (shown with U+FFFD)"));
  }
  finding.message = finding.count == 0 ? "every text is valid UTF-8"
                                       : fmt::format("{} row(s) have invalid UTF-8 text", finding.count);
  return finding;
}

}  // namespace mlflow::pipeline
