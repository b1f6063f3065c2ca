#include <catch2/catch.hpp>

#include <cstdint>
#include <unordered_map>

#include "mlflow/models/flat_hash_map.h"
#include "mlflow/models/random.h"

using namespace mlflow::models;

TEST_CASE("FlatHashMap agrees with std::unordered_map through growth and clustered keys", "[models][hashmap]") {
  // Keys that share their low bits land on the same slot and probe past each other (wrapping
  // around the end of the table); random keys take the table through several doublings.
  FlatHashMap<uint32_t> map;
  std::unordered_map<uint64_t, uint32_t> model;
  Random rng(7);
  for (int i = 0; i < 20000; ++i) {
    uint64_t key = rng.NextU64() | 1;
    if (i % 4 == 0) key = (static_cast<uint64_t>(i) << 32) | 0xFFFF;  // clustered at slot 0xFFFF & mask
    map.FindOrInsert(key, 0) += 1;
    ++model[key];
    if (i % 3 == 0) {  // repeats of an earlier key
      map.FindOrInsert(key, 0) += 1;
      ++model[key];
    }
  }
  REQUIRE(map.size() == model.size());
  for (const auto& [key, count] : model) {
    const uint32_t* found = map.Find(key);
    REQUIRE(found != nullptr);
    CHECK(*found == count);
  }
  size_t visited = 0;
  map.ForEach([&](uint64_t key, uint32_t count) {
    ++visited;
    CHECK(model.at(key) == count);
  });
  CHECK(visited == model.size());
  for (int i = 0; i < 1000; ++i) {
    const uint64_t absent = (rng.NextU64() & ~uint64_t{1}) | 2;  // even: never inserted above
    CHECK(map.Find(absent) == nullptr);
  }
}

TEST_CASE("FlatHashMap filled after Reserve finds every key", "[models][hashmap]") {
  FlatHashMap<int> map;
  map.Reserve(1000);
  for (uint64_t key = 1; key <= 1000; ++key) map.FindOrInsert(key * 0x9E3779B97F4A7C15ULL | 1, static_cast<int>(key));
  CHECK(map.size() == 1000);
  for (uint64_t key = 1; key <= 1000; ++key) CHECK(*map.Find(key * 0x9E3779B97F4A7C15ULL | 1) == static_cast<int>(key));
}
