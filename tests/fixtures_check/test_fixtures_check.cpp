// The fixture parity check (`ifedit-cli check-fixtures`, core/fixtures) on the committed fixtures:
// every group passes with as many comparisons as the manifest lists, a perturbed reference fails
// exactly its own comparison, a missing file is an error (not a crash), and the CLI agrees.
#include <ATen/core/Tensor.h>
#include <ATen/ops/abs.h>
#include <ATen/ops/max.h>

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <algorithm>
#include <fstream>
#include <set>
#include <nlohmann/json.hpp>

#include "fixtures/fixture_check.h"
#include "io/safetensors.h"
#include "io/tensor_source.h"

using namespace ifedit;
using fixtures::FixtureReport;

namespace {

const std::string kFixtures = IFEDIT_FIXTURES_DIR;
// A second set made the same way with other sizes, heads, geometries and solver
// (tests/fixtures_check/make_fixture_set.py): the check must not depend on the first set's shapes.
const std::string kSecondSet = IFEDIT_FIXTURES_B_DIR;

// Copies the fixture folder into `to`, leaving out `skip`.
void copyFixtures(const QString& to, const std::set<QString>& skip = {}) {
  const QDir from(QString::fromStdString(kFixtures));
  for (const auto& name : from.entryList(QDir::Files)) {
    if (skip.count(name)) continue;
    QVERIFY2(QFile::copy(from.filePath(name), QDir(to).filePath(name)), qPrintable(name));
  }
}

// Rewrites `file` in `dir` with tensor `name` changed at its last element by 100x its tolerance.
void perturb(const QString& dir, const std::string& file, const std::string& name) {
  const std::string path = QDir(dir).filePath(QString::fromStdString(file)).toStdString();
  std::vector<std::pair<std::string, at::Tensor>> tensors;
  {
    const auto source = io::openTensorFile(path);
    for (const auto& info : source->tensors()) {
      at::Tensor t = source->load(info.name).clone().contiguous();
      if (info.name == name) {
        QCOMPARE(t.scalar_type(), at::kFloat);
        const float scale = std::max(1.0f, at::abs(t).max().item<float>());
        t.data_ptr<float>()[t.numel() - 1] += 1e-2f * scale;
      }
      tensors.emplace_back(info.name, t);
    }
  }
  QVERIFY(QFile::remove(QString::fromStdString(path)));
  io::writeSafetensors(path, tensors);
}

int failures(const FixtureReport& r) {
  return static_cast<int>(std::count_if(r.comparisons.begin(), r.comparisons.end(),
                                        [](const fixtures::Comparison& c) { return !c.pass(); }));
}

std::string joined(const std::vector<std::string>& lines) {
  std::string s;
  for (const auto& l : lines) s += l + "\n";
  return s;
}

// The number of comparisons each group must make, from the manifest: one per listed output or
// intermediate, plus the documented extra checks of each group.
const nlohmann::json& tensorsOf(const nlohmann::json& manifest, const std::string& file) {
  return manifest.at("files").at(file).at("tensors");
}

int listedOutputs(const nlohmann::json& manifest, const std::string& file) {
  int n = 0;
  for (const auto& [name, t] : tensorsOf(manifest, file).items()) n += t.at("produced_by") != "input";
  return n;
}

int expectedCount(const nlohmann::json& manifest, const std::string& group) {
  if (group == "dit") {  // the timesteps are inputs (built by a TI2V expression or not); + one
                         // seq_len (token count) per input set
    int n = 0;
    for (const auto& [name, t] : tensorsOf(manifest, "dit_io.safetensors").items()) {
      const bool timestep = name.size() >= 2 && name.compare(name.size() - 2, 2, ".t") == 0;
      n += t.at("produced_by") != "input" && !timestep;
      n += name.size() >= 7 && name.compare(name.size() - 7, 7, "seq_len") == 0;
    }
    return n;
  }
  if (group == "vae") {  // + the streaming decode of every clamped video
    int videos = 0;
    for (const auto& [name, t] : tensorsOf(manifest, "vae_io.safetensors").items())
      videos += t.at("produced_by") != "input" && name.size() > 6 && name.compare(name.size() - 6, 6, ".video") == 0;
    return listedOutputs(manifest, "vae_io.safetensors") + videos;
  }
  if (group == "t5")  // + encode() of every sequence (out trimmed to its mask)
    return listedOutputs(manifest, "t5_io.safetensors") + tensorsOf(manifest, "t5_io.safetensors").at("ids").at("shape")[0].get<int>();
  if (group == "scheduler") return listedOutputs(manifest, "scheduler.safetensors");
  if (group == "cond") return listedOutputs(manifest, "i2v_cond.safetensors");
  if (group == "e2e")  // context x2, img_resized, y, noise, latent_final, video + 6 per step
    return 7 + 6 * manifest.at("meta").at("e2e").at("sampling_steps").get<int>();
  if (group == "weights") {  // every tensor of every .pth, + one refusal per hostile .pth
    int n = 0;
    for (const auto& [file, entry] : manifest.at("files").items()) {
      if (file.size() < 4 || file.compare(file.size() - 4, 4, ".pth") != 0) continue;
      const int listed = entry.contains("tensors") ? static_cast<int>(entry.at("tensors").size()) : 0;
      n += listed > 0 ? listed : 1;
    }
    return n;
  }
  return -1;
}

nlohmann::json readManifest(const std::string& dir) { return fixtures::openFixtureFolder(dir).manifest; }

}  // namespace

class TestFixturesCheck : public QObject {
  Q_OBJECT
  nlohmann::json manifest_;  // of kFixtures

  const nlohmann::json& tensorsOf(const std::string& file) const { return ::tensorsOf(manifest_, file); }
  int expectedCount(const std::string& group) const { return ::expectedCount(manifest_, group); }

 private Q_SLOTS:
  void initTestCase() { manifest_ = readManifest(kFixtures); }

  void groupPasses_data() {
    QTest::addColumn<QString>("set");
    QTest::addColumn<QString>("group");
    for (const auto& set : {kFixtures, kSecondSet}) {
      const std::string name = QDir(QString::fromStdString(set)).dirName().toStdString();
      for (const auto& g : fixtures::fixtureGroups())
        QTest::newRow((name + "/" + g).c_str()) << QString::fromStdString(set) << QString::fromStdString(g);
    }
  }
  void groupPasses() {
    QFETCH(QString, set);
    QFETCH(QString, group);
    const std::string g = group.toStdString();
    std::vector<std::string> lines;
    const auto report =
        fixtures::checkFixtures(set.toStdString(), {g}, [&](const std::string& l) { lines.push_back(l); });
    QVERIFY2(report.errors.empty(), joined(report.errors).c_str());
    QCOMPARE(failures(report), 0);
    QVERIFY(report.pass());
    const int expected = ::expectedCount(readManifest(set.toStdString()), g);
    QVERIFY(expected > 0);
    QCOMPARE(static_cast<int>(report.comparisons.size()), expected);
    QCOMPARE(lines.size(), report.comparisons.size());  // one line per comparison
    const auto worst = std::max_element(report.comparisons.begin(), report.comparisons.end(),
                                        [](const auto& a, const auto& b) { return a.maxError < b.maxError; });
    const auto worstRatio = std::max_element(
        report.comparisons.begin(), report.comparisons.end(), [](const auto& a, const auto& b) {
          return (a.tolerance > 0 ? a.maxError / a.tolerance : 0) < (b.tolerance > 0 ? b.maxError / b.tolerance : 0);
        });
    qInfo("%s/%s: %zu comparisons pass; largest max|err| %.3e (%s, tol %.3e); closest to tolerance: %s (%.4f x tol)",
          qPrintable(QDir(set).dirName()), g.c_str(), report.comparisons.size(), worst->maxError, worst->name.c_str(), worst->tolerance,
          worstRatio->name.c_str(), worstRatio->tolerance > 0 ? worstRatio->maxError / worstRatio->tolerance : 0.0);
  }

  // --bf16: the DiT and UMT5 really run in bfloat16 (errors well above the float32 ones), what
  // they feed is held to the bf16 bound, and the VAE / solver comparisons keep parity.
  void bf16RunHoldsItsBounds() {
    const auto f32 = fixtures::checkFixtures(kFixtures, {"dit", "t5", "vae", "e2e"});
    const auto bf16 = fixtures::checkFixtures(kFixtures, {"dit", "t5", "vae", "e2e"}, {}, {"cpu", true});
    QVERIFY2(bf16.errors.empty(), joined(bf16.errors).c_str());
    QCOMPARE(failures(bf16), 0);
    QCOMPARE(bf16.comparisons.size(), f32.comparisons.size());
    std::map<std::string, fixtures::Comparison> plain;
    for (const auto& c : f32.comparisons) plain[c.name] = c;
    for (const auto& c : bf16.comparisons) {
      const auto& p = plain.at(c.name);
      const bool network = c.name.rfind("dit.", 0) == 0 || c.name.rfind("t5.", 0) == 0 ||
                           (c.name.rfind("e2e.", 0) == 0 && c.name.find("img_resized") == std::string::npos &&
                            c.name.find(".y") == std::string::npos && c.name.find("noise (") == std::string::npos);
      if (!network || p.tolerance == 0) {
        QVERIFY2(c.tolerance == p.tolerance, c.name.c_str());
        continue;
      }
      const double ratio = c.name == "e2e.video" ? 2 * fixtures::kBf16RelTol : fixtures::kBf16RelTol;
      QVERIFY2(std::abs(c.tolerance / p.tolerance * fixtures::kParityRelTol - ratio) < 1e-12, c.name.c_str());
    }
    const auto out = std::find_if(bf16.comparisons.begin(), bf16.comparisons.end(),
                                  [](const auto& c) { return c.name == "dit.i2v.t999.out"; });
    QVERIFY(out != bf16.comparisons.end());
    QVERIFY2(out->maxError > 100 * plain.at(out->name).maxError, out->line().c_str());  // really bf16
    qInfo("bf16 on the CPU: %s", out->line().c_str());
  }

  void unknownOrMissingDeviceIsAClearError() {
    try {
      fixtures::checkFixtures(kFixtures, {"t5"}, {}, {"tpu", false});
      QFAIL("an unknown device was accepted");
    } catch (const std::runtime_error& e) {
      QVERIFY2(std::string(e.what()).find("device 'tpu' requested") != std::string::npos, e.what());
    }
    // cuda: the check runs there (a GPU machine) or says why it cannot.
    try {
      const auto report = fixtures::checkFixtures(kFixtures, {"t5"}, {}, {"cuda", false});
      QVERIFY2(report.pass(), joined(report.errors).c_str());
    } catch (const std::runtime_error& e) {
      QVERIFY2(std::string(e.what()).find("device 'cuda' requested, but ") == 0, e.what());
    }
  }

  void perturbedReferenceFailsExactlyThere_data() {
    QTest::addColumn<QString>("group");
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("tensor");
    QTest::addColumn<QString>("line");
    QTest::newRow("t5 intermediate") << "t5" << "t5_io.safetensors" << "block1.out" << "t5.block1.out";
    QTest::newRow("dpm++ chain") << "scheduler" << "scheduler.safetensors" << "dpmpp.chain8.sample"
                                 << "scheduler.dpmpp.chain8.sample[1:]";
    QTest::newRow("cond y") << "cond" << "i2v_cond.safetensors" << "cond.y" << "i2v_cond.cond.y";
  }
  void perturbedReferenceFailsExactlyThere() {
    QFETCH(QString, group);
    QFETCH(QString, file);
    QFETCH(QString, tensor);
    QFETCH(QString, line);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    copyFixtures(dir.path());
    perturb(dir.path(), file.toStdString(), tensor.toStdString());
    const auto report = fixtures::checkFixtures(dir.path().toStdString(), {group.toStdString()});
    QVERIFY2(report.errors.empty(), joined(report.errors).c_str());
    QCOMPARE(static_cast<int>(report.comparisons.size()), expectedCount(group.toStdString()));
    QCOMPARE(failures(report), 1);
    const auto failed = std::find_if(report.comparisons.begin(), report.comparisons.end(),
                                     [](const auto& c) { return !c.pass(); });
    QCOMPARE(QString::fromStdString(failed->name), line);
    QVERIFY(failed->shapeMatches && failed->maxError > 50 * failed->tolerance);
    QVERIFY(failed->line().find("FAIL") != std::string::npos);
    QVERIFY(!report.pass());
  }

  // Cases come from the names: a new "<prefix>.t" + outputs in dit_io (listed in the manifest) is
  // one more case, run with the inputs above it and the model its meaning names.
  void addedCaseIsDiscovered() {
    QTemporaryDir dir;
    copyFixtures(dir.path());
    const std::string io = QDir(dir.path()).filePath("dit_io.safetensors").toStdString();
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    {
      const auto source = io::openTensorFile(io);
      for (const auto& info : source->tensors()) tensors.emplace_back(info.name, source->load(info.name).clone());
      tensors.emplace_back("i2v.again.t", source->load("i2v.t500.t").clone());
      tensors.emplace_back("i2v.again.out", source->load("i2v.t500.out").clone());
    }
    QVERIFY(QFile::remove(QString::fromStdString(io)));
    io::writeSafetensors(io, tensors);
    nlohmann::json manifest = manifest_;
    auto& listed = manifest["files"]["dit_io.safetensors"]["tensors"];
    listed["i2v.again.t"] = listed["i2v.t500.t"];
    listed["i2v.again.out"] = listed["i2v.t500.out"];
    std::ofstream(QDir(dir.path()).filePath("manifest.json").toStdString()) << manifest.dump(1);

    const auto report = fixtures::checkFixtures(dir.path().toStdString(), {"dit"});
    QVERIFY2(report.errors.empty(), joined(report.errors).c_str());
    QCOMPARE(failures(report), 0);
    QCOMPARE(static_cast<int>(report.comparisons.size()), expectedCount("dit") + 1);
    QVERIFY(std::any_of(report.comparisons.begin(), report.comparisons.end(),
                        [](const auto& c) { return c.name == "dit.i2v.again.out"; }));
  }

  void missingIoFileIsAnError() {
    QTemporaryDir dir;
    copyFixtures(dir.path(), {"vae_io.safetensors"});
    std::vector<std::string> lines;
    const auto report =
        fixtures::checkFixtures(dir.path().toStdString(), {"vae"}, [&](const std::string& l) { lines.push_back(l); });
    QCOMPARE(report.errors.size(), size_t(1));
    QVERIFY2(report.errors[0].find("vae_io.safetensors") != std::string::npos, report.errors[0].c_str());
    QVERIFY(report.comparisons.empty());
    QVERIFY(!report.pass());
    QCOMPARE(lines.size(), size_t(1));
    QVERIFY(lines[0].rfind("ERROR ", 0) == 0);
  }

  // A missing model stops only the cases that need it; the others still run and pass.
  void missingModelStopsOnlyItsCases() {
    QTemporaryDir dir;
    copyFixtures(dir.path(), {"dit_i2v_bf16.safetensors"});
    const auto report = fixtures::checkFixtures(dir.path().toStdString(), {"dit"});
    QCOMPARE(report.errors.size(), size_t(1));
    QVERIFY2(report.errors[0].find("dit_i2v_bf16.safetensors") != std::string::npos, report.errors[0].c_str());
    int bf16Outputs = 0;
    for (const auto& [name, t] : tensorsOf("dit_io.safetensors").items())
      bf16Outputs += name.rfind("i2v_bf16.", 0) == 0 && t.at("produced_by") != "input";
    QVERIFY(bf16Outputs > 0);
    QCOMPARE(static_cast<int>(report.comparisons.size()), expectedCount("dit") - bf16Outputs);
    QCOMPARE(failures(report), 0);
    QVERIFY(!report.pass());
  }

  void badFolderOrGroupThrows() {
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, fixtures::checkFixtures(kFixtures, {"dit", "nope"}));
    QTemporaryDir empty;
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, fixtures::checkFixtures(empty.path().toStdString(), {"t5"}));
    std::ofstream(QDir(empty.path()).filePath("manifest.json").toStdString()) << "{\"files\": ";
    QVERIFY_THROWS_EXCEPTION(std::runtime_error, fixtures::checkFixtures(empty.path().toStdString(), {"t5"}));
  }

  void commandLine() {
#ifndef IFEDIT_CLI_PATH
    QSKIP("ifedit-cli is not part of this build (IFEDIT_BUILD_APP=OFF)");
#else
    auto run = [](const QStringList& args, QString* out) {
      QProcess p;
      p.start(QStringLiteral(IFEDIT_CLI_PATH), QStringList{"check-fixtures"} + args);
      if (!p.waitForFinished(120000)) return -1;
      *out = QString::fromUtf8(p.readAllStandardOutput()) + QString::fromUtf8(p.readAllStandardError());
      return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    };
    const QString fixturesDir = QString::fromStdString(kFixtures);
    QString out;
    // The quick groups (the model groups run above through the same code; keeps the test short).
    QCOMPARE(run({fixturesDir, "--only", "t5,scheduler,weights"}, &out), 0);
    QVERIFY(out.contains("PASS"));
    QVERIFY2(!out.contains("FAIL") && !out.contains("ERROR"), qPrintable(out));
    const int expected = expectedCount("t5") + expectedCount("scheduler") + expectedCount("weights");
    QVERIFY2(out.contains(QString("\n%1 passed, 0 failed\n").arg(expected)), qPrintable(out.right(300)));
    QCOMPARE(out.count("PASS"), expected);

    QTemporaryDir dir;
    copyFixtures(dir.path());
    perturb(dir.path(), "t5_io.safetensors", "token_embed");
    QCOMPARE(run({dir.path(), "--only=t5"}, &out), 1);
    QVERIFY2(out.contains(QRegularExpression("t5\\.token_embed .*FAIL")), qPrintable(out));
    QVERIFY(out.contains(QString("%1 passed, 1 failed").arg(expectedCount("t5") - 1)));

    QCOMPARE(run({fixturesDir, "--only", "bogus"}, &out), 2);
    QVERIFY2(out.contains("bogus"), qPrintable(out));

    // --bf16 on the CPU: the same comparisons, UMT5's held to the bf16 bound (5e-2 of max|ref|).
    QCOMPARE(run({fixturesDir, "--only=t5", "--bf16", "--device", "cpu"}, &out), 0);
    QCOMPARE(out.count("PASS"), expectedCount("t5"));
    const auto outLine = QRegularExpression("t5\\.out +max\\|err\\| (\\S+) +tol (\\S+) +PASS").match(out);
    QVERIFY2(outLine.hasMatch(), qPrintable(out));
    QVERIFY(outLine.captured(1).toDouble() > 1e-3 && outLine.captured(2).toDouble() > 0.1);
    // Usage errors exit 2; a run that cannot be done (a broken folder, no such device) exits 1.
    QCOMPARE(run({fixturesDir, "--device=tpu"}, &out), 2);
    QVERIFY2(out.contains("--device expects auto, cpu, cuda or cuda:N, got 'tpu'"), qPrintable(out));
    QCOMPARE(run({fixturesDir, "--device="}, &out), 2);
    QCOMPARE(run({fixturesDir, "--device", "cuda", "--device=cpu", "--only", "cond"}, &out), 2);  // not silently the last
    QVERIFY2(out.contains("--device is given twice"), qPrintable(out));
    QCOMPARE(run({"--help"}, &out), 0);
    QVERIFY(out.contains("usage: ifedit-cli check-fixtures DIR"));
    QTemporaryDir broken;
    std::ofstream(QDir(broken.path()).filePath("manifest.json").toStdString()) << "{\"files\": ";
    QCOMPARE(run({broken.path(), "--only", "t5"}, &out), 1);
    QVERIFY2(out.contains("manifest.json"), qPrintable(out));
    // A group named twice runs once; --only given twice is refused (each option once), and so is
    // a folder that is not there.
    QCOMPARE(run({fixturesDir, "--only", "scheduler,scheduler"}, &out), 0);
    QVERIFY2(out.contains(QString("\n%1 passed, 0 failed\n").arg(expectedCount("scheduler"))), qPrintable(out.right(300)));
    QCOMPARE(run({fixturesDir, "--only", "scheduler", "--only=cond"}, &out), 2);
    QVERIFY2(out.contains("--only is given twice"), qPrintable(out));
    QCOMPARE(run({fixturesDir + "/nowhere", "--only", "t5"}, &out), 2);
    QVERIFY2(out.contains("no such folder"), qPrintable(out));
#endif
  }

  // Under a locale whose decimal separator is a comma (German), the schedules named "shift2.5"
  // are still read as 2.5, and the numbers printed keep their point.
  void commandLineUnderADecimalCommaLocale() {
#ifndef IFEDIT_CLI_PATH
    QSKIP("ifedit-cli is not part of this build (IFEDIT_BUILD_APP=OFF)");
#else
    QTemporaryDir locales;
    const QString german = QDir(locales.path()).filePath("de_DE.UTF-8");
    QProcess define;
    define.start("localedef", {"-i", "de_DE", "-f", "UTF-8", german});
    define.waitForFinished(60000);
    if (!QFileInfo(german).isDir()) QSKIP("cannot build a German locale here (localedef, package locales)");
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert("LOCPATH", locales.path());
    env.insert("LC_ALL", "de_DE.UTF-8");
    p.setProcessEnvironment(env);
    p.start(QStringLiteral(IFEDIT_CLI_PATH), {"check-fixtures", QStringLiteral(IFEDIT_FIXTURES_B_DIR), "--only", "scheduler"});
    QVERIFY(p.waitForFinished(120000));
    const QString out = QString::fromUtf8(p.readAllStandardOutput()) + QString::fromUtf8(p.readAllStandardError());
    QVERIFY2(out.contains("shift2.5"), qPrintable(out));  // the case that a comma locale broke
    QVERIFY2(p.exitCode() == 0 && out.contains(" passed, 0 failed"), qPrintable(out.right(600)));
    QVERIFY2(out.contains(QRegularExpression("max\\|err\\| \\d\\.\\d")) && !out.contains(QRegularExpression("max\\|err\\| \\d,\\d")),
             qPrintable(out.left(600)));
#endif
  }
};

QTEST_MAIN(TestFixturesCheck)
#include "test_fixtures_check.moc"
