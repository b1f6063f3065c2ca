#include "mlflow/pipeline/data_validator.h"

#include <set>

#include "mlflow/pipeline/sha256.h"
#include "mlflow/pipeline/validation_checks.h"
#include "mlflow/pipeline/validation_table.h"

namespace mlflow::pipeline {
namespace {

Finding Skipped(const std::string& check, std::string why) {
  Finding finding;
  finding.check = check;
  finding.skipped = true;
  finding.message = std::move(why);
  return finding;
}

}  // namespace

Result<ValidationReport> ValidateData(const ValidationInput& input, const ValidationOptions& options) {
  if (input.data_paths.empty()) return InvalidArgument("validate: no data files given");
  MLFLOW_ASSIGN_OR_RETURN(ValidationTable data,
                          ReadValidationTable(input.data_paths, input.format, options.allow_extra_columns));
  ValidationReport report;
  for (size_t i = 0; i < input.data_paths.size(); ++i) {
    MLFLOW_ASSIGN_OR_RETURN(std::string digest, Sha256File(input.data_paths[i]));
    report.data.push_back({input.data_paths[i], data.rows_per_file[i], digest});
  }
  ValidationTable reference;
  bool has_reference = !input.reference_path.empty();
  if (has_reference) {
    MLFLOW_ASSIGN_OR_RETURN(reference, ReadValidationTable({input.reference_path}, input.format, true));
    MLFLOW_ASSIGN_OR_RETURN(std::string digest, Sha256File(input.reference_path));
    report.reference = DataFileSummary{input.reference_path, reference.records.size(), digest};
  }
  report.rows = data.records.size();
  for (const auto& record : data.records) ++report.label_counts[CanonicalLabel(record.label)];

  std::vector<std::string> allowed = options.allowed_labels;
  if (allowed.empty()) allowed = FormatLabels(input.format);
  std::vector<std::string> balance_labels = allowed;
  if (balance_labels.empty()) {
    std::set<std::string> seen;
    for (const auto& record : data.records) seen.insert(CanonicalLabel(record.label));
    for (const auto& record : reference.records) seen.insert(CanonicalLabel(record.label));
    balance_labels.assign(seen.begin(), seen.end());
  }

  for (const auto& check : AllChecks()) {
    Severity severity = options.SeverityOf(check);
    Finding finding;
    if (severity == Severity::kOff) {
      finding = Skipped(check, "disabled");
    } else if (check == kCheckSchema) {
      finding = CheckSchema(data.schema_problems);
    } else if (check == kCheckLabels) {
      finding = allowed.empty() ? Skipped(check, "no allowed label set given") : CheckLabels(data.records, allowed);
    } else if (check == kCheckEmptyText) {
      finding = CheckEmptyText(data.records);
    } else if (check == kCheckInvalidUtf8) {
      finding = CheckInvalidUtf8(data.records);
    } else if (check == kCheckDuplicateIds) {
      finding = CheckDuplicateIds(data.records);
    } else if (check == kCheckDuplicateTexts) {
      finding = CheckDuplicateTexts(data.records);
    } else if (check == kCheckConflictingLabels) {
      finding = CheckConflictingLabels(data.records);
    } else if (check == kCheckRowCount) {
      finding = CheckRowCount(data.records, options.min_rows);
    } else if (check == kCheckTextLength) {
      finding = CheckTextLength(data.records, options.max_text_length, options.text_length_mad_factor);
    } else if (check == kCheckClassBalance) {
      finding = has_reference
                    ? CheckClassBalance(data.records, reference.records, balance_labels, options.max_class_distance)
                    : Skipped(check, "no reference given");
    } else if (check == kCheckReferenceOverlap) {
      finding =
          has_reference ? CheckReferenceOverlap(data.records, reference.records) : Skipped(check, "no reference given");
    }
    finding.check = check;
    finding.severity = severity;
    report.findings.push_back(std::move(finding));
  }
  return report;
}

}  // namespace mlflow::pipeline
