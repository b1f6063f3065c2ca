// The binary model format.
//
//   bytes 0-7   magic "MLCPPSNT"
//   u32         format version (a newer file than kFormatVersion is refused): 2 when an
//               ensemble member has its own class_bias (applied to that member since format
//               2), else 1, so such files are refused by readers that would ignore it
//   u64         payload size
//   payload     tag "SMOD", config params, labels, model info, optional reference JSON,
//               components (type, weight, vectorizer, classifier)
//   u64         checksum of the payload (HashBytes)
// Integers and floats are little-endian. Every length is checked before it is used, so a
// truncated, corrupted or foreign file yields a Status, never a crash.
#include <cstring>

#include "mlflow/models/binary_io.h"
#include "mlflow/models/file_util.h"
#include "mlflow/models/hashing.h"
#include "mlflow/models/sentiment_model.h"
#include "mlflow/models/sentiment_model_state.h"

namespace mlflow::models {
namespace {

constexpr char kMagic[8] = {'M', 'L', 'C', 'P', 'P', 'S', 'N', 'T'};
constexpr uint32_t kFormatVersion = 2;
constexpr uint32_t kMemberBiasVersion = 2;  // the first format whose member class_bias applies
constexpr uint32_t kModelTag = 0x534D4F44;  // "SMOD"
constexpr size_t kHeaderSize = sizeof(kMagic) + 4 + 8;

void WriteInfo(const ModelInfo& info, BinaryWriter* out) {
  out->String(info.model_type);
  out->String(info.library_version);
  out->String(info.trained_at_utc);
  out->String(info.training_dataset);
  out->String(info.training_digest);
  out->U64(info.training_examples);
  out->U64(info.num_features);
  out->F64(info.training_seconds);
}

bool ReadInfo(BinaryReader* in, ModelInfo* info) {
  uint64_t examples = 0;
  uint64_t features = 0;
  bool ok = in->String(&info->model_type) && in->String(&info->library_version) && in->String(&info->trained_at_utc) &&
            in->String(&info->training_dataset) && in->String(&info->training_digest) && in->U64(&examples) &&
            in->U64(&features) && in->F64(&info->training_seconds);
  info->training_examples = examples;
  info->num_features = features;
  return ok;
}

Result<ModelComponent> ReadComponent(BinaryReader* in, size_t classes) {
  uint8_t type = 0;
  double weight = 0.0;
  if (!in->U8(&type) || !in->F64(&weight)) return in->status();
  if (type > static_cast<uint8_t>(ModelType::kEmbeddingBag))
    return InvalidArgument("model file: unknown component type");
  MLFLOW_ASSIGN_OR_RETURN(TextVectorizer vectorizer, TextVectorizer::Load(in));
  ModelComponent component{static_cast<ModelType>(type), weight, std::move(vectorizer), LinearModel(),
                           EmbeddingBagModel(),          nullptr};
  int64_t features = 0;
  int model_classes = 0;
  if (component.type == ModelType::kEmbeddingBag) {
    MLFLOW_ASSIGN_OR_RETURN(component.embedding, EmbeddingBagModel::Load(in));
    features = component.embedding.features();
    model_classes = component.embedding.classes();
  } else {
    MLFLOW_ASSIGN_OR_RETURN(component.linear, LinearModel::Load(in));
    features = component.linear.features();
    model_classes = component.linear.classes();
  }
  if (static_cast<size_t>(features) != component.vectorizer.num_features() ||
      static_cast<size_t>(model_classes) != classes) {
    return InvalidArgument("model file: classifier and vectorizer dimensions disagree");
  }
  component.PrepareForPrediction();
  return component;
}

}  // namespace

std::string SentimentModel::Serialize() const {
  BinaryWriter payload;
  payload.U32(kModelTag);
  auto params = state_->config.ToParams();
  payload.U64(params.size());
  for (const auto& [key, value] : params) {
    payload.String(key);
    payload.String(value);
  }
  payload.U64(state_->labels.size());
  for (const auto& label : state_->labels) payload.String(label);
  WriteInfo(state_->info, &payload);
  payload.Bool(state_->reference.has_value());
  if (state_->reference) payload.String(state_->reference->ToJson());
  payload.U64(state_->components->size());
  for (const auto& component : *state_->components) {
    payload.U8(static_cast<uint8_t>(component.type));
    payload.F64(component.weight);
    component.vectorizer.Save(&payload);
    if (component.type == ModelType::kEmbeddingBag) {
      component.embedding.Save(&payload);
    } else {
      component.linear.Save(&payload);
    }
  }
  bool member_bias = false;
  for (const TrainingConfig& member : state_->config.members) member_bias = member_bias || !member.class_bias.empty();
  BinaryWriter file;
  file.Raw(kMagic, sizeof(kMagic));
  file.U32(member_bias ? kMemberBiasVersion : 1);
  file.U64(payload.bytes().size());
  file.Raw(payload.bytes().data(), payload.bytes().size());
  file.U64(HashBytes(payload.bytes()));
  return file.Release();
}

Result<SentimentModel> SentimentModel::Deserialize(std::string_view bytes, const std::string& source) {
  auto fail = [&](const std::string& why) { return InvalidArgument(source + ": " + why); };
  if (bytes.size() < sizeof(kMagic) || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    return fail("not an mlflow-cpp sentiment model (bad magic number)");
  }
  BinaryReader header(bytes.substr(sizeof(kMagic)), source);
  uint32_t version = 0;
  uint64_t payload_size = 0;
  if (!header.U32(&version) || !header.U64(&payload_size)) return fail("truncated header");
  if (version == 0 || version > kFormatVersion) {
    return fail("model format version " + std::to_string(version) + " is not supported (this library reads up to " +
                std::to_string(kFormatVersion) + ")");
  }
  if (payload_size > bytes.size() - kHeaderSize || bytes.size() - kHeaderSize - payload_size < 8) {
    return fail("truncated: the header announces " + std::to_string(payload_size) + " payload bytes, the file has " +
                std::to_string(bytes.size() - kHeaderSize) + " after the header");
  }
  std::string_view payload = bytes.substr(kHeaderSize, payload_size);
  uint64_t checksum = 0;
  std::memcpy(&checksum, bytes.data() + kHeaderSize + payload_size, sizeof(checksum));
  if (checksum != HashBytes(payload)) return fail("corrupted (checksum mismatch)");

  BinaryReader in(payload, source);
  uint32_t tag = 0;
  uint64_t count = 0;
  if (!in.U32(&tag) || tag != kModelTag) return fail("model section missing");
  if (!in.U64(&count) || count > 10000) return fail("invalid parameter count");
  std::map<std::string, std::string> params;
  for (uint64_t i = 0; i < count; ++i) {
    std::string key;
    std::string value;
    if (!in.String(&key) || !in.String(&value)) return in.status();
    params[key] = value;
  }
  auto state = std::make_shared<State>();
  MLFLOW_ASSIGN_OR_RETURN(state->config, TrainingConfig::FromParams(params));
  if (!in.U64(&count) || count < 2 || count > 1024) return fail("invalid label count");
  state->labels.resize(count);
  for (auto& label : state->labels) {
    if (!in.String(&label)) return in.status();
  }
  state->config = state->config.WithClassBiasResolved(state->labels);
  if (version < kMemberBiasVersion) {  // written when a member's class_bias was not applied
    for (TrainingConfig& member : state->config.members) member.class_bias.clear();
  }
  bool has_reference = false;
  if (!ReadInfo(&in, &state->info) || !in.Bool(&has_reference)) return in.status();
  if (has_reference) {
    std::string json;
    if (!in.String(&json, size_t{1} << 24)) return in.status();
    MLFLOW_ASSIGN_OR_RETURN(state->reference, ReferenceDistribution::FromJson(json));
  }
  if (!in.U64(&count) || count < 1 || count > 64) return fail("invalid component count");
  auto components = std::make_shared<std::vector<ModelComponent>>();
  for (uint64_t i = 0; i < count; ++i) {
    MLFLOW_ASSIGN_OR_RETURN(ModelComponent component, ReadComponent(&in, state->labels.size()));
    components->push_back(std::move(component));
  }
  if (in.remaining() != 0) return fail("unexpected bytes after the last component");
  if (Status s = state->config.CheckClassBiasSize(state->labels.size()); !s.ok()) return fail(s.message());
  state->components = std::move(components);
  return MakeSentimentModel(std::move(state));
}

Status SentimentModel::SaveFile(const std::string& path) const { return WriteFileAtomically(path, Serialize()); }

Result<SentimentModel> SentimentModel::LoadFile(const std::string& path) {
  MLFLOW_ASSIGN_OR_RETURN(std::string bytes, ReadFileToString(path));
  return Deserialize(bytes, "model file '" + path + "'");
}

}  // namespace mlflow::models
