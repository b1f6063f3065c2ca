#include "mlflow/tracking/log_batch.h"

#include <unordered_map>
#include <unordered_set>

#include "mlflow/core/validation.h"
#include "mlflow/tracking/entity_codec.h"

namespace mlflow {
namespace {

std::string At(const char* list, size_t index) { return std::string(list) + "[" + std::to_string(index) + "]"; }

// Adds entities of one list to `chunk` while every limit holds; returns the next index.
template <typename T, typename Encode>
size_t Fill(const std::vector<T>& source, size_t next, std::vector<T>& target, size_t max_in_list,
            size_t& total_entities, size_t& body_bytes, Encode encode,
            std::unordered_set<std::string>* unique_keys = nullptr) {
  using validation::kMaxBatchBodyBytes;
  using validation::kMaxEntitiesPerBatch;
  while (next < source.size() && target.size() < max_in_list && total_entities < kMaxEntitiesPerBatch) {
    const T& entity = source[next];
    if (unique_keys && unique_keys->count(entity.key)) break;
    size_t bytes = DumpJson(encode(entity)).size() + (target.empty() ? 0 : 1);  // + separating comma
    // An entity that cannot fit even an empty request still goes alone: the server judges it.
    if (body_bytes + bytes > kMaxBatchBodyBytes && total_entities > 0) break;
    target.push_back(entity);
    if (unique_keys) unique_keys->insert(entity.key);
    body_bytes += bytes;
    ++total_entities;
    ++next;
  }
  return next;
}

}  // namespace

Status ValidateLogBatch(const LogBatchRequest& request) {
  MLFLOW_RETURN_IF_ERROR(validation::ValidateRunId(request.run_id).WithContext("log_batch"));
  for (size_t i = 0; i < request.metrics.size(); ++i) {
    const Metric& metric = request.metrics[i];
    MLFLOW_RETURN_IF_ERROR(validation::ValidateMetric(metric.key, metric.timestamp).WithContext(At("metrics", i)));
  }
  std::unordered_map<std::string, size_t> first_seen;
  for (size_t i = 0; i < request.params.size(); ++i) {
    const Param& param = request.params[i];
    MLFLOW_RETURN_IF_ERROR(validation::ValidateParam(param.key, param.value).WithContext(At("params", i)));
    auto [it, inserted] = first_seen.emplace(param.key, i);
    if (!inserted && request.params[it->second].value != param.value) {
      return InvalidArgument(At("params", i) + ": param '" + param.key + "' is given the value '" +
                             validation::Preview(param.value) + "' but " + At("params", it->second) + " gave it '" +
                             validation::Preview(request.params[it->second].value) + "'; params are write-once");
    }
  }
  for (size_t i = 0; i < request.tags.size(); ++i) {
    const RunTag& tag = request.tags[i];
    MLFLOW_RETURN_IF_ERROR(validation::ValidateRunTag(tag.key, tag.value).WithContext(At("tags", i)));
  }
  return Status::Ok();
}

Json EncodeLogBatch(const LogBatchRequest& request) {
  Json metrics = Json::array();
  for (const auto& metric : request.metrics) metrics.push_back(codec::EncodeMetric(metric));
  Json params = Json::array();
  for (const auto& param : request.params) params.push_back(codec::EncodeParam(param));
  Json tags = Json::array();
  for (const auto& tag : request.tags) tags.push_back(codec::EncodeRunTag(tag));
  return Json{{"run_id", request.run_id},
              {"metrics", std::move(metrics)},
              {"params", std::move(params)},
              {"tags", std::move(tags)}};
}

std::vector<LogBatchRequest> ChunkLogBatch(const LogBatchRequest& request) {
  LogBatchRequest empty;
  empty.run_id = request.run_id;
  const size_t envelope_bytes = DumpJson(EncodeLogBatch(empty)).size();

  std::vector<LogBatchRequest> chunks;
  size_t next_metric = 0, next_param = 0, next_tag = 0;
  while (next_metric < request.metrics.size() || next_param < request.params.size() || next_tag < request.tags.size()) {
    LogBatchRequest chunk;
    chunk.run_id = request.run_id;
    size_t entities = 0;
    size_t bytes = envelope_bytes;
    std::unordered_set<std::string> param_keys;
    next_param = Fill(request.params, next_param, chunk.params, validation::kMaxParamsPerBatch, entities, bytes,
                      codec::EncodeParam, &param_keys);
    next_tag =
        Fill(request.tags, next_tag, chunk.tags, validation::kMaxTagsPerBatch, entities, bytes, codec::EncodeRunTag);
    next_metric = Fill(request.metrics, next_metric, chunk.metrics, validation::kMaxMetricsPerBatch, entities, bytes,
                       codec::EncodeMetric);
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

}  // namespace mlflow
