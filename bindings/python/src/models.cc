// Models: the tweet sentiment classifiers (SentimentModel: train, predict, evaluate, save,
// load), their data loaders and evaluation metrics, one to one with mlflow/models/.
//
// Training, batch prediction, evaluation and file I/O run without the GIL. Training reports
// to an optional ActiveRun (params, "train_loss" and "holdout_macro_recall" per step, as
// `mlflow-cpp train` logs them) from C++, and to an optional Python callback, for which the
// GIL is taken back; an exception raised by the callback is re-raised once training ends.
#include <pybind11/functional.h>
#include <pybind11/numpy.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bindings.h"
#include "mlflow/fluent/active_run.h"
#include "mlflow/models/dataset.h"
#include "mlflow/models/metrics.h"
#include "mlflow/models/model_directory.h"
#include "mlflow/models/semeval_loader.h"
#include "mlflow/models/sentiment_model.h"
#include "mlflow/models/table_loader.h"
#include "mlflow/models/training_config.h"
#include "mlflow/models/training_observer.h"

namespace mlflowcpp_python {
namespace {

namespace models = mlflow::models;

void BindData(py::module_& m) {
  py::class_<models::LoadReport>(m, "LoadReport", "What a loader read, kept, dropped and repaired.")
      .def_readonly("lines", &models::LoadReport::lines)
      .def_readonly("loaded", &models::LoadReport::loaded)
      .def_readonly("unparsable", &models::LoadReport::unparsable, "Lines skipped because they do not parse.")
      .def_readonly("duplicates", &models::LoadReport::duplicates, "Repeated ids with the same label (dropped).")
      .def_readonly("conflicting_ids", &models::LoadReport::conflicting_ids,
                    "Ids seen with different labels (every copy dropped).")
      .def_readonly("overlap_removed", &models::LoadReport::overlap_removed,
                    "Training examples dropped because the validation data has their id or text.")
      .def_readonly("problems", &models::LoadReport::problems, "The first problems, as \"file:line: why\".")
      .def("summary", &models::LoadReport::Summary)
      .def("__repr__", [](const models::LoadReport& report) { return "LoadReport(" + report.Summary() + ")"; });

  py::class_<models::Dataset>(m, "TextDataset",
                              "Labelled texts in memory. `labels` are the class names; `label_ids` index them.")
      .def(py::init([](const std::vector<std::string>& texts, const std::vector<std::string>& labels,
                       std::vector<std::string> classes, std::string name) {
             if (texts.size() != labels.size()) throw py::value_error("texts and labels differ in length");
             if (classes.empty()) {
               classes = labels;
               std::sort(classes.begin(), classes.end());
               classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
             }
             models::Dataset data;
             data.name = std::move(name);
             data.source = "python";
             data.labels = std::move(classes);
             data.examples.reserve(texts.size());
             for (size_t i = 0; i < texts.size(); ++i) {
               int label = data.LabelIndex(labels[i]);
               if (label < 0) throw py::value_error("label '" + labels[i] + "' is not one of the classes");
               data.examples.push_back({"", texts[i], label});
             }
             return data;
           }),
           py::arg("texts"), py::arg("labels"), py::arg("classes") = std::vector<std::string>{},
           py::arg("name") = "python",
           "From parallel lists of texts and label names; classes default to the sorted distinct labels.")
      .def_readonly("name", &models::Dataset::name)
      .def_readonly("source", &models::Dataset::source)
      .def_readonly("classes", &models::Dataset::labels, "Class names in index order.")
      .def_property_readonly("texts", &models::Dataset::Texts)
      .def_property_readonly("label_ids", &models::Dataset::Labels)
      .def_property_readonly(
          "labels",
          [](const models::Dataset& data) {
            std::vector<std::string> out;
            out.reserve(data.size());
            for (const auto& example : data.examples) out.push_back(data.labels[example.label]);
            return out;
          },
          "The label name of every example.")
      .def_property_readonly("ids",
                             [](const models::Dataset& data) {
                               std::vector<std::string> out;
                               out.reserve(data.size());
                               for (const auto& example : data.examples) out.push_back(example.id);
                               return out;
                             })
      .def("digest", &models::Dataset::Digest, "A stable 16-hex-digit fingerprint.")
      .def("class_counts", &models::Dataset::ClassCounts)
      .def("__len__", &models::Dataset::size)
      .def("__repr__", [](const models::Dataset& data) {
        return "TextDataset(name=" + Quote(data.name) + ", size=" + std::to_string(data.size()) + ")";
      });

  m.def(
      "load_semeval",
      [](const std::vector<std::string>& paths) {
        py::gil_scoped_release release;
        models::LoadReport report;
        models::Dataset data = Unwrap(models::LoadSemEvalFiles(paths, &report));
        return std::make_pair(std::move(data), std::move(report));
      },
      py::arg("paths"),
      "Loads SemEval-2017 Task 4A files (id<TAB>label<TAB>text), duplicates resolved across\n"
      "them; returns (TextDataset, LoadReport).");
  py::class_<models::SemEvalSplit>(m, "SemEvalSplit", "The suggested split of the SemEval data directory.")
      .def_readonly("train", &models::SemEvalSplit::train,
                    "Every other *.tsv file, with the validation ids and texts removed.")
      .def_readonly("validation", &models::SemEvalSplit::validation, "The validation file.")
      .def_readonly("train_report", &models::SemEvalSplit::train_report)
      .def_readonly("validation_report", &models::SemEvalSplit::validation_report)
      .def_readonly("train_files", &models::SemEvalSplit::train_files);
  m.def(
      "load_semeval_split",
      [](const PathArg& directory, const std::string& validation_file) {
        return Unwrap(models::LoadSemEvalSplit(directory.value, validation_file));
      },
      ReleaseGil(), py::arg("directory"), py::arg("validation_file") = models::kSemEvalValidationFile,
      "The SemEval directory split honestly: validation = validation_file\n"
      "(twitter-2016devtest-A.tsv), train = every other file minus the validation tweets.");
  m.def(
      "load_table",
      [](const PathArg& path, const std::string& text_column, const std::string& label_column,
         const std::string& delimiter, bool has_header, const std::vector<std::string>& classes,
         const std::string& id_column) {
        if (delimiter.size() != 1) throw py::value_error("delimiter must be one character");
        models::TableLoadOptions options;
        options.delimiter = delimiter[0];
        options.has_header = has_header;
        options.text_column = models::ColumnRef::Parse(text_column);
        options.label_column = models::ColumnRef::Parse(label_column);
        if (!id_column.empty()) options.id_column = models::ColumnRef::Parse(id_column);
        options.labels = classes;
        py::gil_scoped_release release;
        models::LoadReport report;
        models::Dataset data = Unwrap(models::LoadTable(path.value, options, &report));
        return std::make_pair(std::move(data), std::move(report));
      },
      py::arg("path"), py::arg("text_column") = "text", py::arg("label_column") = "label", py::arg("delimiter") = ",",
      py::arg("has_header") = true, py::arg("classes") = std::vector<std::string>{}, py::arg("id_column") = "",
      "Loads any CSV/TSV with a text and a label column (by header name or 0-based index);\n"
      "returns (TextDataset, LoadReport).");
}

void BindEvaluation(py::module_& m) {
  py::class_<models::ClassMetrics>(m, "ClassMetrics", "Precision, recall and F1 of one class.")
      .def_readonly("label", &models::ClassMetrics::label)
      .def_readonly("precision", &models::ClassMetrics::precision)
      .def_readonly("recall", &models::ClassMetrics::recall)
      .def_readonly("f1", &models::ClassMetrics::f1)
      .def_readonly("support", &models::ClassMetrics::support)
      .def_readonly("predicted", &models::ClassMetrics::predicted);

  py::class_<models::Evaluation>(m, "Evaluation", "Classification metrics; macro_recall is SemEval's official measure.")
      .def_readonly("labels", &models::Evaluation::labels)
      .def_readonly("confusion", &models::Evaluation::confusion, "[true class][predicted class] counts.")
      .def_readonly("per_class", &models::Evaluation::per_class)
      .def_readonly("total", &models::Evaluation::total)
      .def_readonly("accuracy", &models::Evaluation::accuracy)
      .def_readonly("macro_recall", &models::Evaluation::macro_recall)
      .def_readonly("macro_precision", &models::Evaluation::macro_precision)
      .def_readonly("macro_f1", &models::Evaluation::macro_f1)
      .def_readonly("f1_pn", &models::Evaluation::f1_pn, "Mean F1 of positive and negative (NaN without them).")
      .def("to_metrics", &models::Evaluation::ToMetricMap, py::arg("prefix") = "",
           "Flat {name: value} for MLflow (macro_recall, f1_pn, accuracy, recall_<label>, ...).")
      .def("to_json", &models::Evaluation::ToJson)
      .def("__repr__", [](const models::Evaluation& evaluation) {
        return "Evaluation(macro_recall=" + std::to_string(evaluation.macro_recall) +
               ", accuracy=" + std::to_string(evaluation.accuracy) + ", total=" + std::to_string(evaluation.total) +
               ")";
      });

  m.def(
      "evaluate",
      [](const std::vector<std::string>& truth, const std::vector<std::string>& predicted,
         std::vector<std::string> classes) {
        if (truth.size() != predicted.size()) throw py::value_error("truth and predicted differ in length");
        if (classes.empty()) {
          classes = truth;
          classes.insert(classes.end(), predicted.begin(), predicted.end());
          std::sort(classes.begin(), classes.end());
          classes.erase(std::unique(classes.begin(), classes.end()), classes.end());
        }
        auto index = [&classes](const std::string& label) {
          auto it = std::find(classes.begin(), classes.end(), label);
          if (it == classes.end()) throw py::value_error("label '" + label + "' is not one of the classes");
          return static_cast<int>(it - classes.begin());
        };
        std::vector<int> truth_ids;
        std::vector<int> predicted_ids;
        for (const auto& label : truth) truth_ids.push_back(index(label));
        for (const auto& label : predicted) predicted_ids.push_back(index(label));
        py::gil_scoped_release release;
        return models::Evaluate(truth_ids, predicted_ids, classes);
      },
      py::arg("truth"), py::arg("predicted"), py::arg("classes") = std::vector<std::string>{},
      "Metrics of predicted label names against the true ones (classes default to the sorted\n"
      "distinct labels seen).");
}

// A metric or param key MLflow accepts: anything outside [A-Za-z0-9_.- /:] becomes '_'.
std::string SanitizeKey(const std::string& key) {
  std::string out = key;
  for (char& c : out) {
    bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-' || c == ' ' || c == '/' ||
              c == ':';
    if (!ok) c = '_';
  }
  return out;
}

// Forwards training reports to an ActiveRun (C++ only, no GIL) and to a Python callback.
class PythonObserver final : public models::TrainingObserver {
 public:
  PythonObserver(mlflow::ActiveRun* run, std::string model_stage,
                 std::function<void(const models::EpochReport&)> callback)
      : run_(run), model_stage_(std::move(model_stage)), callback_(std::move(callback)) {}

  void OnParam(const std::string& key, const std::string& value) override {
    if (run_ != nullptr) Keep(run_->LogParam(SanitizeKey(key), value.size() > 6000 ? value.substr(0, 6000) : value));
  }

  void OnEpoch(const models::EpochReport& report) override {
    if (run_ != nullptr) {
      std::string prefix = report.stage.empty() || report.stage == model_stage_ ? "" : SanitizeKey(report.stage) + "/";
      Keep(run_->LogMetric(prefix + "train_loss", report.loss, report.step));
      if (!std::isnan(report.monitor_macro_recall)) {
        Keep(run_->LogMetric(prefix + "holdout_macro_recall", report.monitor_macro_recall, report.step));
      }
    }
    if (callback_ && !python_error_) {
      py::gil_scoped_acquire gil;
      try {
        callback_(report);
      } catch (py::error_already_set& error) {
        python_error_ = std::move(error);
      }
    }
  }

  // The training summary, as `mlflow-cpp train` logs it.
  void OnTrained(const models::ModelInfo& info) {
    if (run_ == nullptr) return;
    Keep(run_->LogMetric("training_seconds", info.training_seconds));
    Keep(run_->LogMetric("num_features", static_cast<double>(info.num_features)));
    Keep(run_->LogMetric("training_examples", static_cast<double>(info.training_examples)));
  }

  // Call with the GIL held, after training.
  void RaiseIfFailed() {
    if (python_error_) {
      py::error_already_set error = std::move(*python_error_);
      python_error_.reset();
      throw error;
    }
    Check(logging_status_.WithContext("logging training to MLflow"));
  }

 private:
  void Keep(const mlflow::Status& status) {
    if (logging_status_.ok() && !status.ok()) logging_status_ = status;
  }

  mlflow::ActiveRun* run_;
  std::string model_stage_;
  std::function<void(const models::EpochReport&)> callback_;
  std::optional<py::error_already_set> python_error_;
  mlflow::Status logging_status_;
};

// A preset ("baseline", "best", a model type) with flat parameter overrides applied.
models::TrainingConfig MakeConfig(const std::string& preset, const std::optional<py::dict>& params) {
  models::TrainingConfig config = Unwrap(models::TrainingConfig::Preset(preset));
  if (!params || params->empty()) return config;
  std::map<std::string, std::string> flat = config.ToParams();
  for (auto item : *params) {
    py::object value = py::reinterpret_borrow<py::object>(item.second);
    std::string text =
        py::isinstance<py::bool_>(value) ? (value.cast<bool>() ? "true" : "false") : py::str(value).cast<std::string>();
    flat[py::str(item.first).cast<std::string>()] = text;
  }
  return Unwrap(models::TrainingConfig::FromParams(flat));
}

void BindTraining(py::module_& m) {
  py::class_<models::EpochReport>(m, "EpochReport", "One training report, passed to train()'s on_epoch callback.")
      .def_readonly("stage", &models::EpochReport::stage,
                    "The model type, or \"member1.embedding_bag\" in an ensemble.")
      .def_readonly("step", &models::EpochReport::step, "Increases by one per report across the whole training.")
      .def_readonly("epoch", &models::EpochReport::epoch, "Epoch or iteration within the stage (1-based).")
      .def_readonly("loss", &models::EpochReport::loss, "The stage's mean training objective.")
      .def_readonly("monitor_macro_recall", &models::EpochReport::monitor_macro_recall,
                    "Macro recall on the monitor data; NaN without one.")
      .def("__repr__", [](const models::EpochReport& report) {
        return "EpochReport(stage=" + Quote(report.stage) + ", step=" + std::to_string(report.step) +
               ", loss=" + std::to_string(report.loss) + ")";
      });

  py::class_<models::ModelInfo>(m, "ModelInfo", "How a model was trained.")
      .def_readonly("model_type", &models::ModelInfo::model_type)
      .def_readonly("library_version", &models::ModelInfo::library_version)
      .def_readonly("trained_at_utc", &models::ModelInfo::trained_at_utc)
      .def_readonly("training_dataset", &models::ModelInfo::training_dataset)
      .def_readonly("training_digest", &models::ModelInfo::training_digest)
      .def_readonly("training_examples", &models::ModelInfo::training_examples)
      .def_readonly("num_features", &models::ModelInfo::num_features)
      .def_readonly("training_seconds", &models::ModelInfo::training_seconds);

  py::class_<models::Prediction>(m, "Prediction", "The predicted label and the class probabilities.")
      .def_readonly("label", &models::Prediction::label)
      .def_readonly("label_index", &models::Prediction::label_index)
      .def_readonly("probabilities", &models::Prediction::probabilities,
                    "One per SentimentModel.labels, in that order; they sum to 1.")
      .def_property_readonly("confidence", &models::Prediction::confidence, "The predicted label's probability.")
      .def("__repr__", [](const models::Prediction& prediction) {
        return "Prediction(label=" + Quote(prediction.label) +
               ", confidence=" + std::to_string(prediction.confidence()) + ")";
      });
}

py::array_t<float> ProbabilityMatrix(const std::vector<models::Prediction>& predictions, size_t classes) {
  py::array_t<float> out({predictions.size(), classes});
  auto view = out.mutable_unchecked<2>();
  for (size_t i = 0; i < predictions.size(); ++i) {
    for (size_t c = 0; c < classes; ++c) {
      view(static_cast<py::ssize_t>(i), static_cast<py::ssize_t>(c)) =
          c < predictions[i].probabilities.size() ? predictions[i].probabilities[c] : 0.0f;
    }
  }
  return out;
}

void BindSentimentModel(py::module_& m) {
  using models::SentimentModel;
  py::class_<SentimentModel>(
      m, "SentimentModel",
      "A trained tweet sentiment classifier (positive / neutral / negative by default).\n\n"
      "    train, _ = mlflowcpp.load_semeval([...])\n"
      "    model = mlflowcpp.SentimentModel.train(train, config=\"baseline\")\n"
      "    model.predict(\"not bad at all :)\").label\n"
      "    model.save(\"out/model\")  # an MLflow model directory (MLmodel, python_function flavor)\n\n"
      "Immutable and safe to predict from many threads. Training and batch prediction release\n"
      "the GIL and use `threads` C++ threads (0: all cores).")
      .def_static(
          "train",
          [](const models::Dataset& data, const std::string& config, const std::optional<py::dict>& params,
             const models::Dataset* monitor, mlflow::ActiveRun* run,
             std::function<void(const models::EpochReport&)> on_epoch) {
            models::TrainingConfig training = MakeConfig(config, params);
            PythonObserver observer(run, std::string(models::ModelTypeName(training.model_type)), std::move(on_epoch));
            std::optional<mlflow::Result<SentimentModel>> trained;
            {
              py::gil_scoped_release release;
              trained.emplace(SentimentModel::Train(training, data, &observer, monitor));
              if (trained->ok()) observer.OnTrained(trained->value().info());
            }
            observer.RaiseIfFailed();
            return Unwrap(std::move(*trained));
          },
          py::arg("data"), py::arg("config") = "baseline", py::arg("params") = py::none(),
          py::arg("monitor") = py::none(), py::arg("run") = py::none(), py::arg("on_epoch") = py::none(),
          "Trains a model on `data` (a TextDataset).\n\n"
          "  config: a preset: \"baseline\" (word 1-2-gram TF-IDF + logistic regression), \"best\",\n"
          "      or a model type (logistic_regression, linear_svm, nb_svm, embedding_bag, ensemble).\n"
          "  params: flat overrides, as `mlflow-cpp train` and MLflow run params spell them, e.g.\n"
          "      {\"c\": 1.0, \"word_ngrams\": \"1-3\", \"threads\": 2, \"seed\": 7}.\n"
          "  monitor: data scored after every epoch for reporting only (never for training).\n"
          "  run: an ActiveRun to log params, train_loss / holdout_macro_recall per step and the\n"
          "      training summary metrics to.\n"
          "  on_epoch: called with an EpochReport after every epoch.")
      .def_static(
          "load", [](const PathArg& path) { return Unwrap(models::LoadModelDirectory(path.value)); }, ReleaseGil(),
          py::arg("path"), "Loads a model directory (through its MLmodel) or a model file.")
      .def_static(
          "from_bytes",
          [](const py::bytes& bytes, const std::string& source) {
            std::string data = bytes;
            py::gil_scoped_release release;
            return Unwrap(SentimentModel::Deserialize(data, source));
          },
          py::arg("data"), py::arg("source") = "bytes", "Reads the binary model format (to_bytes()).")
      .def_property_readonly("labels", &SentimentModel::labels, "Class names; probabilities follow this order.")
      .def_property_readonly("info", &SentimentModel::info)
      .def_property_readonly(
          "params", [](const SentimentModel& model) { return model.config().ToParams(); },
          "The training configuration as flat params (train(params=...) reproduces it).")
      .def(
          "predict", [](const SentimentModel& model, const std::string& text) { return model.Predict(text); },
          py::arg("text"), "The prediction for one text.")
      .def(
          "predict",
          [](const SentimentModel& model, const std::vector<std::string>& texts, int threads) {
            py::gil_scoped_release release;
            return model.PredictBatch(texts, threads);
          },
          py::arg("texts"), py::arg("threads") = 0, "The predictions for many texts.")
      .def(
          "predict_labels",
          [](const SentimentModel& model, const std::vector<std::string>& texts, int threads) {
            std::vector<std::string> labels;
            {
              py::gil_scoped_release release;
              std::vector<int> indices = model.PredictLabels(texts, threads);
              labels.reserve(indices.size());
              for (int index : indices) labels.push_back(model.labels()[static_cast<size_t>(index)]);
            }
            return labels;
          },
          py::arg("texts"), py::arg("threads") = 0, "Only the label names: the fast path for bulk scoring.")
      .def(
          "predict_proba",
          [](const SentimentModel& model, const std::vector<std::string>& texts, int threads) {
            std::vector<models::Prediction> predictions;
            {
              py::gil_scoped_release release;
              predictions = model.PredictBatch(texts, threads);
            }
            return ProbabilityMatrix(predictions, model.labels().size());
          },
          py::arg("texts"), py::arg("threads") = 0, "A float32 array (len(texts), len(labels)) of class probabilities.")
      .def(
          "predict_with_probabilities",
          [](const SentimentModel& model, const std::vector<std::string>& texts, int threads) {
            std::vector<models::Prediction> predictions;
            {
              py::gil_scoped_release release;
              predictions = model.PredictBatch(texts, threads);
            }
            std::vector<std::string> labels;
            labels.reserve(predictions.size());
            for (const auto& prediction : predictions) labels.push_back(prediction.label);
            return std::make_pair(std::move(labels), ProbabilityMatrix(predictions, model.labels().size()));
          },
          py::arg("texts"), py::arg("threads") = 0,
          "(labels, probabilities): label names and the float32 probability matrix, in one pass.")
      .def(
          "evaluate",
          [](const SentimentModel& model, const models::Dataset& data, int threads) {
            return Unwrap(model.Evaluate(data, threads));
          },
          ReleaseGil(), py::arg("data"), py::arg("threads") = 0,
          "Scores labelled data (its classes must be among labels): macro_recall, f1_pn, ...")
      .def(
          "save",
          [](const SentimentModel& model, const PathArg& directory, const std::string& artifact_path,
             const std::string& run_id, const std::vector<std::string>& input_examples) {
            models::ModelDirectoryOptions options;
            options.artifact_path = artifact_path;
            options.run_id = run_id;
            options.input_examples = input_examples;
            options.python_version = py::module_::import("platform").attr("python_version")().cast<std::string>();
            py::gil_scoped_release release;
            Check(models::SaveModelDirectory(model, directory.value, options));
          },
          py::arg("directory"), py::arg("artifact_path") = "", py::arg("run_id") = "",
          py::arg("input_examples") = std::vector<std::string>{},
          "Writes an MLflow model directory: MLmodel (flavors mlflow_cpp and python_function with\n"
          "loader_module mlflowcpp.pyfunc), model.mlcpp, input examples, model_info.json.")
      .def(
          "save_file", [](const SentimentModel& model, const PathArg& path) { Check(model.SaveFile(path.value)); },
          ReleaseGil(), py::arg("path"), "Writes the binary model file alone.")
      .def(
          "to_bytes",
          [](const SentimentModel& model) {
            std::string bytes;
            {
              py::gil_scoped_release release;
              bytes = model.Serialize();
            }
            return py::bytes(bytes);
          },
          "The versioned binary model format (magic, version, checksum).")
      .def("__repr__", [](const SentimentModel& model) {
        std::string labels;
        for (const auto& label : model.labels()) labels += (labels.empty() ? "" : ", ") + Quote(label);
        return "SentimentModel(model_type=" + Quote(model.info().model_type) + ", labels=[" + labels + "])";
      });
}

}  // namespace

void BindModels(py::module_& m) {
  BindData(m);
  BindEvaluation(m);
  BindTraining(m);
  BindSentimentModel(m);
}

}  // namespace mlflowcpp_python
