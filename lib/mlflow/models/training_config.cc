#include "mlflow/models/training_config.h"

#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <sstream>

#include "mlflow/core/text.h"

namespace mlflow::models {
namespace {

struct TypeName {
  ModelType type;
  std::string_view name;
};
constexpr std::array<TypeName, 5> kTypeNames{{{ModelType::kLogisticRegression, "logistic_regression"},
                                              {ModelType::kLinearSvm, "linear_svm"},
                                              {ModelType::kNbSvm, "nb_svm"},
                                              {ModelType::kEmbeddingBag, "embedding_bag"},
                                              {ModelType::kEnsemble, "ensemble"}}};

std::string FormatDouble(double value) {
  std::ostringstream out;
  out.precision(10);
  out << value;
  return out.str();
}

std::string FormatRange(NgramRange range) {
  return range.enabled() ? std::to_string(range.min) + "-" + std::to_string(range.max) : "none";
}

std::string FormatList(const std::vector<double>& values) {
  std::string text;
  for (size_t i = 0; i < values.size(); ++i) text += (i ? "," : "") + FormatDouble(values[i]);
  return text;
}

std::vector<std::string> SplitComma(const std::string& text) {
  std::vector<std::string> parts;
  if (text.empty()) return parts;
  size_t start = 0;
  while (true) {
    size_t comma = text.find(',', start);
    parts.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return parts;
}

Status BadValue(const std::string& key, const std::string& value, const char* expected) {
  return InvalidArgument("parameter '" + key + "': cannot parse '" + value + "' as " + expected);
}

Status ParseDouble(const std::string& key, const std::string& value, double* out) {
  errno = 0;
  char* end = nullptr;
  double parsed = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0' || errno != 0 || !std::isfinite(parsed)) return BadValue(key, value, "a number");
  *out = parsed;
  return Status::Ok();
}

Status ParseInt(const std::string& key, const std::string& value, int* out) {
  errno = 0;
  char* end = nullptr;
  long parsed = std::strtol(value.c_str(), &end, 10);
  if (value.empty() || *end != '\0' || errno != 0 || parsed < -1000000000L || parsed > 1000000000L) {
    return BadValue(key, value, "an integer");
  }
  *out = static_cast<int>(parsed);
  return Status::Ok();
}

Status ParseBool(const std::string& key, const std::string& value, bool* out) {
  if (value == "true" || value == "1" || value == "True") {
    *out = true;
  } else if (value == "false" || value == "0" || value == "False") {
    *out = false;
  } else {
    return BadValue(key, value, "true/false");
  }
  return Status::Ok();
}

Status ParseRange(const std::string& key, const std::string& value, NgramRange* out) {
  if (value == "none" || value == "0") {
    *out = NgramRange{0, 0};
    return Status::Ok();
  }
  size_t dash = value.find('-');
  int low = 0;
  int high = 0;
  if (dash == std::string::npos) {
    MLFLOW_RETURN_IF_ERROR(ParseInt(key, value, &low));
    high = low;
  } else {
    MLFLOW_RETURN_IF_ERROR(ParseInt(key, value.substr(0, dash), &low));
    MLFLOW_RETURN_IF_ERROR(ParseInt(key, value.substr(dash + 1), &high));
  }
  *out = NgramRange{low, high};
  return Status::Ok();
}

Status ParseList(const std::string& key, const std::string& value, std::vector<double>* out) {
  out->clear();
  for (const auto& part : SplitComma(value)) {
    double parsed = 0.0;
    MLFLOW_RETURN_IF_ERROR(ParseDouble(key, part, &parsed));
    out->push_back(parsed);
  }
  return Status::Ok();
}

// "0.6,0,0.8" (label order) or "negative=0.6, positive=0.8" (by label name; spaces around
// names and values are ignored).
Status ParseClassBias(const std::string& key, const std::string& value, std::vector<double>* values,
                      std::map<std::string, double>* by_label) {
  values->clear();
  by_label->clear();
  if (value.find('=') == std::string::npos) return ParseList(key, value, values);
  for (const auto& part : SplitComma(value)) {
    double parsed = 0.0;
    const size_t equals = part.find('=');
    const std::string label =
        equals == std::string::npos ? std::string() : std::string(TrimChars(part.substr(0, equals), " \t"));
    if (label.empty()) {
      return BadValue(key, value, "offsets in label order (0.6,0,0.8) or by label (negative=0.6,positive=0.8)");
    }
    MLFLOW_RETURN_IF_ERROR(ParseDouble(key, std::string(TrimChars(part.substr(equals + 1), " \t")), &parsed));
    if (!by_label->emplace(label, parsed).second) return BadValue(key, value, "each label named once");
  }
  return Status::Ok();
}

std::string FormatClassBias(const std::vector<double>& values, const std::map<std::string, double>& by_label) {
  if (by_label.empty()) return FormatList(values);
  std::string text;
  for (const auto& [label, value] : by_label) text += (text.empty() ? "" : ",") + label + "=" + FormatDouble(value);
  return text;
}

Status ParseUint64(const std::string& key, const std::string& value, uint64_t* out) {
  errno = 0;
  char* end = nullptr;
  unsigned long long parsed = std::strtoull(value.c_str(), &end, 10);
  if (value.empty() || value[0] == '-' || *end != '\0' || errno != 0)
    return BadValue(key, value, "an unsigned integer");
  *out = parsed;
  return Status::Ok();
}

// Applies one non-ensemble key to `config`.
Status ApplyParam(const std::string& key, const std::string& value, TrainingConfig* config) {
  VectorizerOptions& f = config->features;
  TokenizerOptions& t = f.tokenizer;
  static const std::map<std::string, bool TokenizerOptions::*> kTokenizerFlags{
      {"tokenizer.lowercase", &TokenizerOptions::lowercase},
      {"tokenizer.normalize_urls", &TokenizerOptions::normalize_urls},
      {"tokenizer.normalize_mentions", &TokenizerOptions::normalize_mentions},
      {"tokenizer.normalize_numbers", &TokenizerOptions::normalize_numbers},
      {"tokenizer.split_hashtags", &TokenizerOptions::split_hashtags},
      {"tokenizer.mark_negation", &TokenizerOptions::mark_negation},
      {"tokenizer.mark_elongation", &TokenizerOptions::mark_elongation}};
  if (auto it = kTokenizerFlags.find(key); it != kTokenizerFlags.end())
    return ParseBool(key, value, &(t.*(it->second)));
  if (key == "tokenizer.max_repeat") return ParseInt(key, value, &t.max_repeat);
  if (key == "c") return ParseDouble(key, value, &config->c);
  if (key == "class_weight") {
    if (value != "balanced" && value != "none") return BadValue(key, value, "'balanced' or 'none'");
    config->balanced_class_weights = value == "balanced";
    return Status::Ok();
  }
  if (key == "max_iterations") return ParseInt(key, value, &config->max_iterations);
  if (key == "tolerance") return ParseDouble(key, value, &config->tolerance);
  if (key == "nb_smoothing") return ParseDouble(key, value, &config->nb_smoothing);
  if (key == "nb_interpolation") return ParseDouble(key, value, &config->nb_interpolation);
  if (key == "embedding_dim") return ParseInt(key, value, &config->embedding_dim);
  if (key == "epochs") return ParseInt(key, value, &config->epochs);
  if (key == "learning_rate") return ParseDouble(key, value, &config->learning_rate);
  if (key == "svm_probability_scale") return ParseDouble(key, value, &config->svm_probability_scale);
  if (key == "class_bias") return ParseClassBias(key, value, &config->class_bias, &config->class_bias_by_label);
  if (key == "seed") return ParseUint64(key, value, &config->seed);
  if (key == "threads") return ParseInt(key, value, &config->threads);
  if (key == "word_ngrams") return ParseRange(key, value, &f.word_ngrams);
  if (key == "char_ngrams") return ParseRange(key, value, &f.char_ngrams);
  if (key == "min_df") return ParseInt(key, value, &f.min_df);
  if (key == "max_df") return ParseDouble(key, value, &f.max_df_fraction);
  if (key == "sublinear_tf") return ParseBool(key, value, &f.sublinear_tf);
  if (key == "binary_tf") return ParseBool(key, value, &f.binary_tf);
  if (key == "use_idf") return ParseBool(key, value, &f.use_idf);
  if (key == "hash_bits") return ParseInt(key, value, &f.hash_bits);
  if (key == "norm") {
    if (value == "l2") {
      f.norm = RowNorm::kL2;
    } else if (value == "l1") {
      f.norm = RowNorm::kL1;
    } else if (value == "none") {
      f.norm = RowNorm::kNone;
    } else {
      return BadValue(key, value, "l1, l2 or none");
    }
    return Status::Ok();
  }
  return InvalidArgument("unknown training parameter '" + key + "'");
}

}  // namespace

std::string_view ModelTypeName(ModelType type) {
  for (const auto& entry : kTypeNames) {
    if (entry.type == type) return entry.name;
  }
  return "unknown";
}

Result<ModelType> ParseModelType(std::string_view name) {
  for (const auto& entry : kTypeNames) {
    if (entry.name == name) return entry.type;
  }
  return InvalidArgument("unknown model type '" + std::string(name) +
                         "' (expected logistic_regression, linear_svm, nb_svm, embedding_bag or ensemble)");
}

std::map<std::string, std::string> TrainingConfig::ToParams() const {
  std::map<std::string, std::string> p;
  p["model_type"] = std::string(ModelTypeName(model_type));
  p["seed"] = std::to_string(seed);
  p["threads"] = std::to_string(threads);
  if (!class_bias.empty() || !class_bias_by_label.empty()) {
    p["class_bias"] = FormatClassBias(class_bias, class_bias_by_label);
  }
  if (model_type == ModelType::kEnsemble) {
    std::string names;
    for (size_t i = 0; i < members.size(); ++i) {
      names += (i ? "," : "") + std::string(ModelTypeName(members[i].model_type));
      for (const auto& [key, value] : members[i].ToParams()) {
        if (key == "model_type" || key == "threads") continue;
        p["member" + std::to_string(i) + "." + key] = value;
      }
    }
    p["members"] = names;
    if (!member_weights.empty()) p["member_weights"] = FormatList(member_weights);
    p["svm_probability_scale"] = FormatDouble(svm_probability_scale);
    return p;
  }
  const VectorizerOptions& f = features;
  const TokenizerOptions& t = f.tokenizer;
  p["word_ngrams"] = FormatRange(f.word_ngrams);
  p["char_ngrams"] = FormatRange(f.char_ngrams);
  p["min_df"] = std::to_string(f.min_df);
  p["max_df"] = FormatDouble(f.max_df_fraction);
  p["sublinear_tf"] = f.sublinear_tf ? "true" : "false";
  p["binary_tf"] = f.binary_tf ? "true" : "false";
  p["use_idf"] = f.use_idf ? "true" : "false";
  p["norm"] = f.norm == RowNorm::kL2 ? "l2" : (f.norm == RowNorm::kL1 ? "l1" : "none");
  p["hash_bits"] = std::to_string(f.hash_bits);
  p["tokenizer.lowercase"] = t.lowercase ? "true" : "false";
  p["tokenizer.normalize_urls"] = t.normalize_urls ? "true" : "false";
  p["tokenizer.normalize_mentions"] = t.normalize_mentions ? "true" : "false";
  p["tokenizer.normalize_numbers"] = t.normalize_numbers ? "true" : "false";
  p["tokenizer.split_hashtags"] = t.split_hashtags ? "true" : "false";
  p["tokenizer.mark_negation"] = t.mark_negation ? "true" : "false";
  p["tokenizer.mark_elongation"] = t.mark_elongation ? "true" : "false";
  p["tokenizer.max_repeat"] = std::to_string(t.max_repeat);
  if (model_type == ModelType::kEmbeddingBag) {
    p["embedding_dim"] = std::to_string(embedding_dim);
    p["epochs"] = std::to_string(epochs);
    p["learning_rate"] = FormatDouble(learning_rate);
    p["class_weight"] = balanced_class_weights ? "balanced" : "none";
    return p;
  }
  p["c"] = FormatDouble(c);
  p["class_weight"] = balanced_class_weights ? "balanced" : "none";
  p["max_iterations"] = std::to_string(max_iterations);
  p["tolerance"] = FormatDouble(tolerance);
  if (model_type == ModelType::kNbSvm) {
    p["nb_smoothing"] = FormatDouble(nb_smoothing);
    p["nb_interpolation"] = FormatDouble(nb_interpolation);
  }
  return p;
}

Result<TrainingConfig> TrainingConfig::FromParams(const std::map<std::string, std::string>& params) {
  ModelType type = ModelType::kLogisticRegression;
  if (auto it = params.find("model_type"); it != params.end()) {
    MLFLOW_ASSIGN_OR_RETURN(type, ParseModelType(it->second));
  }
  TrainingConfig config = ForModelType(type);
  if (type == ModelType::kEnsemble) {
    if (auto it = params.find("members"); it != params.end()) {
      config.members.clear();
      for (const auto& name : SplitComma(it->second)) {
        MLFLOW_ASSIGN_OR_RETURN(ModelType member_type, ParseModelType(name));
        if (member_type == ModelType::kEnsemble) return InvalidArgument("an ensemble cannot contain an ensemble");
        config.members.push_back(ForModelType(member_type));
      }
      config.member_weights.clear();
    }
  }
  // The decision rule is what the params state: a missing class_bias is none, not the preset's
  // (model files written before the presets had one keep predicting as they were trained).
  config.class_bias.clear(), config.class_bias_by_label.clear();
  for (TrainingConfig& member : config.members) member.class_bias.clear(), member.class_bias_by_label.clear();
  for (const auto& [key, value] : params) {
    if (key == "model_type" || key == "members") continue;
    if (type == ModelType::kEnsemble) {
      if (key == "member_weights") {
        MLFLOW_RETURN_IF_ERROR(ParseList(key, value, &config.member_weights));
        continue;
      }
      if (key.rfind("member", 0) == 0 && key.find('.') != std::string::npos) {
        size_t dot = key.find('.');
        int index = -1;
        MLFLOW_RETURN_IF_ERROR(ParseInt(key, key.substr(6, dot - 6), &index));
        if (index < 0 || static_cast<size_t>(index) >= config.members.size()) {
          return InvalidArgument("parameter '" + key + "' names a member that 'members' does not list");
        }
        MLFLOW_RETURN_IF_ERROR(ApplyParam(key.substr(dot + 1), value, &config.members[index]));
        continue;
      }
      if (key == "seed" || key == "threads" || key == "class_bias" || key == "svm_probability_scale") {
        MLFLOW_RETURN_IF_ERROR(ApplyParam(key, value, &config));
        continue;
      }
      return InvalidArgument("parameter '" + key + "' does not apply to an ensemble (use member<i>." + key + ")");
    }
    MLFLOW_RETURN_IF_ERROR(ApplyParam(key, value, &config));
  }
  MLFLOW_RETURN_IF_ERROR(config.Validate());
  return config;
}

TrainingConfig TrainingConfig::WithClassBiasResolved(const std::vector<std::string>& labels) const {
  TrainingConfig resolved = *this;
  if (!class_bias_by_label.empty()) {
    resolved.class_bias.assign(labels.size(), 0.0);
    bool named = false;
    for (size_t label = 0; label < labels.size(); ++label) {
      if (auto it = class_bias_by_label.find(labels[label]); it != class_bias_by_label.end()) {
        resolved.class_bias[label] = it->second;
        named = named || it->second != 0.0;
      }
    }
    if (!named) resolved.class_bias.clear();  // no class named: no shift at all
    resolved.class_bias_by_label.clear();
  }
  for (TrainingConfig& member : resolved.members) member = member.WithClassBiasResolved(labels);
  return resolved;
}

Status TrainingConfig::CheckClassBiasSize(size_t classes) const {
  if (!class_bias.empty() && class_bias.size() != classes) {
    return InvalidArgument("class_bias needs one value per class (" + std::to_string(classes) + ")");
  }
  for (size_t m = 0; m < members.size(); ++m) {
    if (Status s = members[m].CheckClassBiasSize(classes); !s.ok()) {
      return InvalidArgument("member" + std::to_string(m) + "." + s.message());
    }
  }
  return Status::Ok();
}

Status TrainingConfig::Validate() const {
  for (double b : class_bias) {
    if (!std::isfinite(b)) return InvalidArgument("class_bias values must be finite");
  }
  for (const auto& [label, b] : class_bias_by_label) {
    if (label.empty()) return InvalidArgument("class_bias names an empty label");
    if (!std::isfinite(b)) return InvalidArgument("class_bias values must be finite");
  }
  if (!class_bias.empty() && !class_bias_by_label.empty()) {
    return InvalidArgument(
        "set class_bias (label order) or class_bias_by_label, not both (a preset's offsets are in "
        "class_bias_by_label: clear it to give offsets in label order)");
  }
  if (threads > 1024) return InvalidArgument("threads must be <= 1024");
  if (model_type == ModelType::kEnsemble) {
    if (members.empty()) return InvalidArgument("an ensemble needs at least one member");
    if (!member_weights.empty() && member_weights.size() != members.size()) {
      return InvalidArgument("member_weights needs one weight per member");
    }
    for (double w : member_weights) {
      if (!(w >= 0.0) || !std::isfinite(w)) return InvalidArgument("member weights must be finite and >= 0");
    }
    if (!(svm_probability_scale > 0.0)) return InvalidArgument("svm_probability_scale must be positive");
    for (size_t i = 0; i < members.size(); ++i) {
      if (members[i].model_type == ModelType::kEnsemble)
        return InvalidArgument("an ensemble cannot contain an ensemble");
      MLFLOW_RETURN_IF_ERROR(members[i].Validate().WithContext("member" + std::to_string(i)));
    }
    return Status::Ok();
  }
  MLFLOW_RETURN_IF_ERROR(ValidateVectorizerOptions(features));
  if (model_type == ModelType::kEmbeddingBag) {
    if (embedding_dim < 1 || embedding_dim > 4096) return InvalidArgument("embedding_dim must be in 1..4096");
    if (epochs < 1 || epochs > 1000) return InvalidArgument("epochs must be in 1..1000");
    if (!(learning_rate > 0.0 && learning_rate <= 10.0)) return InvalidArgument("learning_rate must be in (0, 10]");
    return Status::Ok();
  }
  if (!(c > 0.0) || !std::isfinite(c)) return InvalidArgument("c must be positive");
  if (max_iterations < 1 || max_iterations > 100000) return InvalidArgument("max_iterations must be in 1..100000");
  if (!(tolerance > 0.0)) return InvalidArgument("tolerance must be positive");
  if (model_type == ModelType::kNbSvm) {
    if (!(nb_smoothing > 0.0)) return InvalidArgument("nb_smoothing must be positive");
    if (!(nb_interpolation >= 0.0 && nb_interpolation <= 1.0))
      return InvalidArgument("nb_interpolation must be in [0, 1]");
  }
  return Status::Ok();
}

}  // namespace mlflow::models
