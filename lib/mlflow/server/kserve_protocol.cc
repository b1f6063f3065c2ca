#include "mlflow/server/kserve_protocol.h"

#include "mlflow/server/api_error.h"
#include "mlflow/server/json_guard.h"
#include "mlflow/server/json_writer.h"
#include "mlflow/server/scoring_request.h"

namespace mlflow::server {
namespace {

// Appends the strings of `data` (flat, or nested arrays row-major) to `out`.
Status Flatten(Json& data, const std::string& where, size_t depth, const InputLimits& limits,
               std::vector<std::string>& out) {
  for (size_t i = 0; i < data.size(); ++i) {
    Json& item = data[i];
    if (item.is_string()) {
      if (out.size() >= limits.max_batch) {
        return InvalidInput("the batch has more than " + std::to_string(limits.max_batch) + " texts (the limit)");
      }
      out.push_back(std::move(item.get_ref<std::string&>()));
    } else if (item.is_array() && depth < 2) {
      MLFLOW_RETURN_IF_ERROR(Flatten(item, where, depth + 1, limits, out));
    } else {
      return InvalidInput(where + ".data[" + std::to_string(i) + "] must be a string, got " + item.type_name());
    }
  }
  return Status::Ok();
}

Result<Json*> PickInput(Json& inputs, const InputLimits& limits) {
  if (!inputs.is_array() || inputs.empty()) return InvalidInput("'inputs' must be a non-empty array of tensors");
  for (Json& input : inputs) {
    if (!input.is_object()) return InvalidInput("each entry of 'inputs' must be an object");
    auto name = input.find("name");
    if (name != input.end() && name->is_string() && name->get<std::string>() == limits.text_column) return &input;
  }
  if (inputs.size() == 1) return &inputs[0];
  return InvalidInput("no input named '" + limits.text_column + "' among " + std::to_string(inputs.size()) + " inputs");
}

}  // namespace

Result<InferRequest> ParseInferRequest(std::string_view body, const InputLimits& limits) {
  MLFLOW_ASSIGN_OR_RETURN(Json doc, ParseRequestJson(body, limits.max_json_depth));
  if (!doc.is_object()) return BadRequest(std::string("the request must be a JSON object, got ") + doc.type_name());
  InferRequest request;
  if (auto id = doc.find("id"); id != doc.end()) {
    if (!id->is_string()) return InvalidInput("'id' must be a string");
    request.id = id->get<std::string>();
  }
  auto inputs = doc.find("inputs");
  if (inputs == doc.end()) return InvalidInput("the request has no 'inputs'");
  MLFLOW_ASSIGN_OR_RETURN(Json * input, PickInput(*inputs, limits));
  std::string where = "input '" +
                      (input->contains("name") && (*input)["name"].is_string() ? (*input)["name"].get<std::string>()
                                                                               : std::string("?")) +
                      "'";
  auto datatype = input->find("datatype");
  if (datatype == input->end() || !datatype->is_string()) return InvalidInput(where + " has no datatype");
  if (datatype->get<std::string>() != "BYTES") {
    return InvalidInput(where + " has datatype " + datatype->get<std::string>() + "; text must be BYTES");
  }
  auto data = input->find("data");
  if (data == input->end() || !data->is_array()) return InvalidInput(where + " has no 'data' array");
  MLFLOW_RETURN_IF_ERROR(Flatten(*data, where, 0, limits, request.texts));
  auto shape = input->find("shape");
  if (shape == input->end() || !shape->is_array() || shape->empty()) {
    return InvalidInput(where + " needs a 'shape' such as [" + std::to_string(request.texts.size()) + "]");
  }
  uint64_t elements = 1;
  for (const Json& dim : *shape) {
    if (!dim.is_number_integer() || dim.get<int64_t>() < 0) {
      return InvalidInput(where + " has a shape with a non-integer or negative dimension");
    }
    elements *= dim.get<uint64_t>();
    if (elements > (1ull << 40)) return InvalidInput(where + " has an absurd shape");
  }
  if (elements != request.texts.size()) {
    return InvalidInput(where + " has shape of " + std::to_string(elements) + " elements but " +
                        std::to_string(request.texts.size()) + " texts");
  }
  if (auto outputs = doc.find("outputs"); outputs != doc.end()) {
    if (!outputs->is_array()) return InvalidInput("'outputs' must be an array");
    if (!outputs->empty()) request.want_labels = request.want_probabilities = false;
    for (const Json& output : *outputs) {
      std::string name = output.is_object() && output.contains("name") && output["name"].is_string()
                             ? output["name"].get<std::string>()
                             : std::string();
      if (name == "label") {
        request.want_labels = true;
      } else if (name == "probabilities") {
        request.want_probabilities = true;
      } else {
        return InvalidInput("unknown output '" + name + "'; this model has 'label' and 'probabilities'");
      }
    }
  }
  MLFLOW_RETURN_IF_ERROR(CheckBatch(request.texts, limits));
  return request;
}

std::string FormatInferResponse(const PredictionBatch& batch, const std::vector<std::string>& classes,
                                const ModelIdentity& model, std::string_view id, bool labels, bool probabilities) {
  const size_t n = batch.labels.size(), k = classes.size();
  JsonWriter w(256 + n * (16 + 10 * k));
  w.Raw("{").Key("model_name").String(model.name);
  w.Raw(",").Key("model_version").String(model.version);
  w.Raw(",").Key("id").String(id);
  w.Raw(",").Key("parameters").Raw("{").Key("classes").Raw("[");
  for (size_t c = 0; c < k; ++c) {
    if (c) w.Raw(",");
    w.String(classes[c]);
  }
  w.Raw("]},").Key("outputs").Raw("[");
  if (labels) {
    w.Raw("{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[").Integer(static_cast<int64_t>(n));
    w.Raw("],\"data\":[");
    for (size_t i = 0; i < n; ++i) {
      if (i) w.Raw(",");
      w.String(classes[batch.labels[i]]);
    }
    w.Raw("]}");
  }
  if (probabilities) {
    if (labels) w.Raw(",");
    w.Raw("{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[").Integer(static_cast<int64_t>(n));
    w.Raw(",").Integer(static_cast<int64_t>(k)).Raw("],\"data\":[");
    for (size_t i = 0; i < n * k; ++i) {
      if (i) w.Raw(",");
      w.Number(batch.probabilities[i]);
    }
    w.Raw("]}");
  }
  w.Raw("]}");
  return w.Take();
}

std::string FormatServerMetadata(std::string_view server_version) {
  JsonWriter w;
  w.Raw("{").Key("name").String("mlflow-cpp").Raw(",").Key("version").String(server_version);
  w.Raw(",").Key("extensions").Raw("[]}");
  return w.Take();
}

std::string FormatModelMetadata(const ModelIdentity& model, const std::vector<std::string>& classes,
                                const InputLimits& limits) {
  JsonWriter w;
  w.Raw("{").Key("name").String(model.name);
  w.Raw(",").Key("versions").Raw("[").String(model.version).Raw("]");
  w.Raw(",").Key("platform").String("mlflow-cpp");
  w.Raw(",").Key("inputs").Raw("[{").Key("name").String(limits.text_column);
  w.Raw(",\"datatype\":\"BYTES\",\"shape\":[-1]}]");
  w.Raw(",\"outputs\":[{\"name\":\"label\",\"datatype\":\"BYTES\",\"shape\":[-1]},");
  w.Raw("{\"name\":\"probabilities\",\"datatype\":\"FP32\",\"shape\":[-1,");
  w.Integer(static_cast<int64_t>(classes.size())).Raw("]}]");
  w.Raw(",").Key("parameters").Raw("{").Key("classes").Raw("[");
  for (size_t c = 0; c < classes.size(); ++c) {
    if (c) w.Raw(",");
    w.String(classes[c]);
  }
  w.Raw("]}}");
  return w.Take();
}

}  // namespace mlflow::server
