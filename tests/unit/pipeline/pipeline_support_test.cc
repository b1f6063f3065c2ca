// Small pipeline helpers: SHA-256, Jensen-Shannon distance, dvc.lock lookups, tag keys.
#include <catch2/catch.hpp>

#include <cmath>
#include <fstream>

#include "mlflow/pipeline/dvc_lock.h"
#include "mlflow/pipeline/label_distribution.h"
#include "mlflow/pipeline/sha256.h"
#include "mlflow/pipeline/stage_run.h"
#include "support/test_env.h"

using mlflow::pipeline::DvcLock;
using mlflow::pipeline::JensenShannonDistance;
using mlflow::pipeline::Sha256Hex;

TEST_CASE("SHA-256 matches the FIPS 180-4 test vectors", "[sha256]") {
  CHECK(Sha256Hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(Sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(Sha256Hex(std::string(1000000, 'a')) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  auto dir = mlflow::testing::MakeTempDir("sha");
  std::ofstream(dir + "/f", std::ios::binary) << "abc";
  CHECK(mlflow::pipeline::Sha256File(dir + "/f").value() == Sha256Hex("abc"));
  CHECK(mlflow::pipeline::Sha256File(dir + "/missing").status().code() == mlflow::ErrorCode::kIoError);
}

TEST_CASE("Jensen-Shannon distance matches scipy (base e)", "[distribution]") {
  // scipy.spatial.distance.jensenshannon([0.155, 0.453, 0.392], [0.1625, 0.3405, 0.497])
  CHECK(JensenShannonDistance({0.155, 0.453, 0.392}, {0.1625, 0.3405, 0.497}) == Approx(0.0845747).margin(1e-6));
  CHECK(JensenShannonDistance({1, 0}, {0, 1}) == Approx(std::sqrt(std::log(2.0))));
  CHECK(JensenShannonDistance({10, 20, 30}, {1, 2, 3}) == Approx(0.0).margin(1e-12));
  CHECK(std::isnan(JensenShannonDistance({0, 0}, {1, 1})));
  CHECK(std::isnan(JensenShannonDistance({1}, {1, 2})));
}

TEST_CASE("dvc.lock lookups: exact files, containing directories, outputs first", "[dvc]") {
  auto dir = mlflow::testing::MakeTempDir("dvclock");
  std::ofstream(dir + "/dvc.lock") << R"(schema: '2.0'
stages:
  prepare:
    cmd: prepare
    deps:
    - path: ../data
      md5: aaaa.dir
    outs:
    - path: data/prepared
      md5: bbbb.dir
  train@logreg:
    cmd: train
    deps:
    - path: data/prepared
      md5: stale.dir
    outs:
    - path: models/logreg
      md5: cccc.dir
  evaluate@logreg:
    cmd: evaluate
    outs:
    - path: metrics/logreg.json
      md5: dddd
)";
  auto lock = DvcLock::Load(dir).value();
  REQUIRE(lock.has_value());
  auto hit = lock->Lookup(dir + "/data/prepared/train.tsv");
  REQUIRE(hit);
  CHECK(hit->md5 == "bbbb.dir");
  CHECK(hit->output);
  CHECK(lock->Lookup(dir + "/metrics/logreg.json")->md5 == "dddd");
  CHECK(lock->Lookup(dir + "/models/logreg", "train@logreg") == std::nullopt);
  CHECK(lock->Lookup(dir + "/models/logreg")->stage == "train@logreg");
  CHECK(lock->Lookup(dir + "/elsewhere.tsv") == std::nullopt);
  CHECK(DvcLock::Load(dir + "/nowhere").value() == std::nullopt);
}

TEST_CASE("run tag keys are sanitised", "[stage]") {
  using mlflow::pipeline::SanitizeKey;
  CHECK(SanitizeKey("dvc.lock.data/prepared") == "dvc.lock.data/prepared");
  CHECK(SanitizeKey("dvc.lock.a/../x") == "dvc.lock.a/__/x");
  CHECK(SanitizeKey("/abs@path") == "abs_path");
}

TEST_CASE("dvc.lock as DVC writes it: folded commands and multi-line scalars are skipped", "[pipeline][dvc]") {
  const std::string text =
      "schema: '2.0'\n"
      "stages:\n"
      "  prepare:\n"
      "    cmd: mlflow-cpp prepare --config params.yaml --root ../.. --output \n"
      "      data/prepared --summary reports/prepare.json\n"
      "    deps:\n"
      "    - path: ../../data\n"
      "      hash: md5\n"
      "      md5: 9a484817fb289755a883ace00a5ee3d1.dir\n"
      "      size: 7309718\n"
      "    params:\n"
      "      params.yaml:\n"
      "        prepare:\n"
      "          sha256:\n"
      "            twitter-2013dev-A.tsv: \n"
      "              e402ab2e9bad766275ef5af490e2c3b0edca8236d60e6e69227589186bffd896\n"
      "    outs:\n"
      "    - path: data/prepared\n"
      "      hash: md5\n"
      "      md5: 11112222333344445555666677778888.dir\n"
      "  train@logreg:\n"
      "    cmd: mlflow-cpp train --variant logreg\n"
      "    deps:\n"
      "    - path: data/prepared/train.tsv\n"
      "      md5: aaaabbbbccccddddeeeeffff00001111\n"
      "    outs:\n"
      "    - path: models/logreg\n"
      "      md5: 'cccc0000cccc0000cccc0000cccc0000.dir'\n";
  auto lock = mlflow::pipeline::DvcLock::Parse(text, "/repo/p").value();
  REQUIRE(lock.entries().size() == 4);
  CHECK(lock.entries()[0].stage == "prepare");
  CHECK(lock.entries()[0].path == "../../data");
  CHECK_FALSE(lock.entries()[0].output);
  CHECK(lock.entries()[1].path == "data/prepared");
  CHECK(lock.entries()[1].md5 == "11112222333344445555666677778888.dir");
  CHECK(lock.entries()[1].output);
  CHECK(lock.entries()[3].stage == "train@logreg");
  CHECK(lock.entries()[3].md5 == "cccc0000cccc0000cccc0000cccc0000.dir");
  // The validate stage reads a file inside prepare's output directory.
  auto found = lock.Lookup("/repo/p/data/prepared/validation.tsv", "validate");
  REQUIRE(found);
  CHECK(found->path == "data/prepared");
}
