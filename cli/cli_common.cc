#include "cli_common.h"

#include <algorithm>
#include <ctime>

namespace mlflow::cli {

void CommandRegistry::Bind(CLI::App* command, CommandBody body) { bodies_.emplace_back(command, std::move(body)); }

const CommandBody* CommandRegistry::Selected() const {
  for (const auto& [command, body] : bodies_) {
    if (command->parsed()) return &body;
  }
  return nullptr;
}

MlflowClient MakeClient(const GlobalOptions& options) {
  auto client = MlflowClient::FromEnvironment(options.tracking_uri);
  if (!client.ok()) throw UsageError(client.status().message());
  return std::move(client).value();
}

std::pair<std::string, std::string> ParseKeyValue(const std::string& text, const std::string& option) {
  size_t equals = text.find('=');
  if (equals == std::string::npos) throw UsageError(option + " expects KEY=VALUE, got '" + text + "'");
  return {text.substr(0, equals), text.substr(equals + 1)};
}

void PrintJson(const Json& value) { std::cout << value.dump(2, ' ', false, Json::error_handler_t::replace) << "\n"; }

void PrintTable(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> widths(header.size());
  for (size_t i = 0; i < header.size(); ++i) widths[i] = header[i].size();
  for (const auto& row : rows) {
    for (size_t i = 0; i < row.size() && i < widths.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  auto print_row = [&](const std::vector<std::string>& row) {
    for (size_t i = 0; i < widths.size(); ++i) {
      std::string cell = i < row.size() ? row[i] : "";
      std::cout << cell;
      if (i + 1 < widths.size()) std::cout << std::string(widths[i] - cell.size() + 2, ' ');
    }
    std::cout << "\n";
  };
  print_row(header);
  std::vector<std::string> rule;
  for (size_t w : widths) rule.emplace_back(w, '-');
  print_row(rule);
  for (const auto& row : rows) print_row(row);
}

std::string FormatTimestamp(int64_t millis) {
  if (millis <= 0) return "";
  std::time_t seconds = static_cast<std::time_t>(millis / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%d %H:%M:%S", &tm);
  return buffer;
}

}  // namespace mlflow::cli
