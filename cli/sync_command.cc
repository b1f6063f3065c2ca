// mlflow-cpp sync --journal DIR [--tracking-uri URI] [--skip-failed]
//
// Replays an offline journal (written with a `journal:` tracking URI or the journal fallback)
// into an MLflow server. Safe to interrupt and to run again: each record is applied once.
#include "cli_common.h"

namespace mlflow::cli {
namespace {

struct SyncArgs {
  std::string journal_dir;
  bool skip_failed = false;
};

Json ReportJson(const std::string& journal_dir, const std::string& tracking_uri, const SyncReport& report) {
  return {{"journal", journal_dir},
          {"tracking_uri", tracking_uri},
          {"segments", report.segments},
          {"records_applied", report.records_applied},
          {"records_skipped", report.records_skipped},
          {"runs_created", report.runs_created},
          {"runs_matched", report.runs_matched},
          {"runs_resumed", report.runs_resumed},
          {"runs_ended", report.runs_ended},
          {"metrics", report.metrics},
          {"params", report.params},
          {"tags", report.tags},
          {"torn_bytes", report.torn_bytes},
          {"torn_segments", report.torn_segments},
          {"errors", report.errors}};
}

int Sync(const GlobalOptions& options, const SyncArgs& args) {
  MlflowClient client = MakeClient(options);
  SyncOptions sync_options;
  sync_options.skip_failed_records = args.skip_failed;
  SyncReport report = SyncJournal(args.journal_dir, client.tracking(), sync_options).value();
  if (options.json) {
    PrintJson(ReportJson(args.journal_dir, client.tracking_uri(), report));
  } else {
    std::cout << "Synced journal " << args.journal_dir << " to " << client.tracking_uri() << ": "
              << report.records_applied << " record(s) applied from " << report.segments << " segment(s)\n";
    PrintTable({"runs created", "matched", "resumed", "ended", "metrics", "params", "tags"},
               {{std::to_string(report.runs_created), std::to_string(report.runs_matched),
                 std::to_string(report.runs_resumed), std::to_string(report.runs_ended), std::to_string(report.metrics),
                 std::to_string(report.params), std::to_string(report.tags)}});
    if (report.torn_bytes > 0) {
      std::cout << "Ignored " << report.torn_bytes << " byte(s) of incomplete records at the end of "
                << report.torn_segments.size() << " segment(s) (a writer was killed mid-record, or is still writing)\n";
    }
    for (const std::string& error : report.errors) std::cout << "Skipped: " << error << "\n";
  }
  return report.records_skipped > 0 ? kExitCheckFailed : kExitOk;
}

}  // namespace

void RegisterSyncCommands(CLI::App& app, CommandRegistry& registry) {
  auto args = std::make_shared<SyncArgs>();
  CLI::App* sync = app.add_subcommand(
      "sync", "Replay an offline journal (journal:DIR tracking URI) into an MLflow server; safe to rerun");
  sync->add_option("--journal", args->journal_dir, "Journal directory")->required();
  sync->add_flag("--skip-failed", args->skip_failed,
                 "Skip records the server rejects (reported; exit code 1) instead of stopping");
  GlobalOptions& options = registry.options();
  registry.Bind(sync, [&options, args] { return Sync(options, *args); });
}

}  // namespace mlflow::cli
