// Artifacts: files attached to runs and logged models (ArtifactsApi and ArtifactRepository),
// one to one with mlflow/artifacts/. Bytes stream between disk and network in C++ without the
// GIL; nothing is held in memory whatever the size.
#include <string>
#include <vector>

#include "bindings.h"
#include "mlflow/artifacts/artifacts_api.h"

namespace mlflowcpp_python {
namespace {

using mlflow::ArtifactRepository;
using mlflow::ArtifactsApi;

void BindFileInfo(py::module_& m) {
  py::class_<mlflow::FileInfo>(m, "FileInfo", "One entry of an artifact listing.")
      .def_readonly("path", &mlflow::FileInfo::path, "Relative to the repository root, '/'-separated.")
      .def_readonly("is_dir", &mlflow::FileInfo::is_dir)
      .def_readonly("file_size", &mlflow::FileInfo::file_size, "Bytes; None for directories.")
      .def("__repr__", [](const mlflow::FileInfo& info) {
        return "FileInfo(path=" + Quote(info.path) + ", is_dir=" + (info.is_dir ? "True" : "False") +
               ", file_size=" + (info.file_size ? std::to_string(*info.file_size) : std::string("None")) + ")";
      });
  py::class_<mlflow::Page<mlflow::FileInfo>>(m, "FileInfoPage", "One page of an artifact listing.")
      .def_readonly("items", &mlflow::Page<mlflow::FileInfo>::items)
      .def_readonly("next_page_token", &mlflow::Page<mlflow::FileInfo>::next_page_token)
      .def("__len__", [](const mlflow::Page<mlflow::FileInfo>& page) { return page.items.size(); });
}

void BindRepository(py::module_& m) {
  py::class_<ArtifactRepository>(
      m, "ArtifactRepository",
      "The artifacts under one root (a run's, a logged model's, or any supported artifact URI).\n"
      "Obtained from ArtifactsApi.for_run() / for_uri(). Paths are relative to the root and\n"
      "'/'-separated; \"\" is the root. Downloads land under a temp name and are renamed when\n"
      "complete; listing entries that would escape the destination are refused.")
      .def_property_readonly("root_uri", &ArtifactRepository::root_uri)
      .def_property_readonly("run_id", &ArtifactRepository::run_id, "Empty when the root is not a run's.")
      .def(
          "log_file",
          [](ArtifactRepository& repo, const PathArg& local_file, const std::string& artifact_dir) {
            Check(repo.LogFile(local_file.value, artifact_dir));
          },
          ReleaseGil(), py::arg("local_file"), py::arg("artifact_dir") = "",
          "Uploads one file to <artifact_dir>/<file name>.")
      .def(
          "log_directory",
          [](ArtifactRepository& repo, const PathArg& local_dir, const std::string& artifact_dir) {
            Check(repo.LogDirectory(local_dir.value, artifact_dir));
          },
          ReleaseGil(), py::arg("local_dir"), py::arg("artifact_dir") = "",
          "Uploads every file under local_dir to <artifact_dir>/<relative path>.")
      .def(
          "list", [](ArtifactRepository& repo, const std::string& path) { return Unwrap(repo.List(path)); },
          ReleaseGil(), py::arg("path") = "", "Every entry directly inside `path`, sorted.")
      .def(
          "list_page",
          [](ArtifactRepository& repo, const std::string& path, const std::string& page_token) {
            return Unwrap(repo.ListPage(path, page_token));
          },
          ReleaseGil(), py::arg("path") = "", py::arg("page_token") = "")
      .def(
          "list_recursive",
          [](ArtifactRepository& repo, const std::string& path) { return Unwrap(repo.ListRecursive(path)); },
          ReleaseGil(), py::arg("path") = "", "Every file and directory below `path`, depth first.")
      .def(
          "download",
          [](ArtifactRepository& repo, const std::string& path, const PathArg& dest_dir) {
            return Unwrap(repo.Download(path, dest_dir.value));
          },
          ReleaseGil(), py::arg("path"), py::arg("dest_dir"),
          "Downloads the file or tree at `path` to <dest_dir>/<path>; returns that local path.")
      .def(
          "download_file",
          [](ArtifactRepository& repo, const std::string& path, const PathArg& local_file) {
            Check(repo.DownloadFile(path, local_file.value));
          },
          ReleaseGil(), py::arg("path"), py::arg("local_file"))
      .def(
          "delete", [](ArtifactRepository& repo, const std::string& path) { Check(repo.Delete(path)); }, ReleaseGil(),
          py::arg("path"), "Deletes the file or tree at `path` (\"\" = everything).")
      .def("__repr__", [](const ArtifactRepository& repo) {
        return "ArtifactRepository(root_uri=" + Quote(repo.root_uri()) + ")";
      });
}

void BindArtifactsApi(py::module_& m) {
  py::class_<ArtifactsApi, std::shared_ptr<ArtifactsApi>>(
      m, "ArtifactsApi",
      "Artifacts of runs and logged models, through the tracking server's proxied artifact\n"
      "service (mlflow-artifacts:/) or a file: root. Obtained as MlflowClient.artifacts. Large\n"
      "uploads use multipart where the server supports it. Every call releases the GIL.")
      .def(
          "for_run",
          [](ArtifactsApi& api, const std::string& run_id, const std::string& sub_path) {
            return Unwrap(api.ForRun(run_id, sub_path));
          },
          ReleaseGil(), py::arg("run_id"), py::arg("sub_path") = "", "The artifacts of a run (below sub_path).")
      .def(
          "for_uri", [](ArtifactsApi& api, const std::string& uri) { return Unwrap(api.ForUri(uri)); }, ReleaseGil(),
          py::arg("artifact_uri"), "Any supported artifact root URI, including runs:/<run_id>/<path>.")
      .def(
          "get_run_artifact_uri",
          [](ArtifactsApi& api, const std::string& run_id) { return Unwrap(api.GetRunArtifactUri(run_id)); },
          ReleaseGil(), py::arg("run_id"))
      .def(
          "log_artifacts",
          [](ArtifactsApi& api, const std::string& run_id, const PathArg& local_path,
             const std::string& artifact_path) { Check(api.LogArtifacts(run_id, local_path.value, artifact_path)); },
          ReleaseGil(), py::arg("run_id"), py::arg("local_path"), py::arg("artifact_path") = "",
          "Uploads a file (to <artifact_path>/<name>) or a directory's contents (to <artifact_path>/...).")
      .def(
          "log_artifact",
          [](ArtifactsApi& api, const std::string& run_id, const PathArg& local_path,
             const std::string& artifact_path) { Check(api.LogArtifacts(run_id, local_path.value, artifact_path)); },
          ReleaseGil(), py::arg("run_id"), py::arg("local_path"), py::arg("artifact_path") = "",
          "Same as log_artifacts (MLflow's name for one file).")
      .def(
          "list_artifacts",
          [](ArtifactsApi& api, const std::string& run_id, const std::string& path) {
            return Unwrap(api.ListArtifacts(run_id, path));
          },
          ReleaseGil(), py::arg("run_id"), py::arg("path") = "", "Every entry directly inside `path` (all pages).")
      .def(
          "download_artifacts",
          [](ArtifactsApi& api, const std::string& artifact_uri, const PathArg& dst_path) {
            return Unwrap(api.DownloadArtifacts(artifact_uri, dst_path.value));
          },
          ReleaseGil(), py::arg("artifact_uri"), py::arg("dst_path"),
          "Like mlflow.artifacts.download_artifacts: downloads the file or directory the URI names\n"
          "into dst_path and returns its local path.");
}

}  // namespace

void BindArtifacts(py::module_& m) {
  BindFileInfo(m);
  BindRepository(m);
  BindArtifactsApi(m);
}

}  // namespace mlflowcpp_python
