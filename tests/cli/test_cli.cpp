// ifedit-cli as a user runs it: --version, inspect on every fixture file and on broken files, and a
// whole `edit` on the demo model set (image, evolution frames, report; identical files on rerun).
#include <signal.h>

#include <QDir>
#include <QFile>
#include <QImageReader>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <sys/stat.h>

namespace {

struct Run {
  int code = -1;
  QString out, err;
};

// The environment the tests run ifedit-cli in: the user's VLM (IFEDIT_VLM_*) would write the
// prompts the tests expect from the offline template.
QProcessEnvironment cliEnvironment() {
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  for (const QString& name : env.keys())
    if (name.startsWith(QLatin1String("IFEDIT_VLM_"))) env.remove(name);
  return env;
}

// The waits only catch hangs: a loaded 2-core machine may take minutes for a demo edit.
Run cli(const QStringList& args) {
  QProcess p;
  p.setProcessEnvironment(cliEnvironment());
  p.start(QStringLiteral(IFEDIT_CLI_PATH), args);
  if (!p.waitForFinished(600000)) {
    p.kill();
    return {};
  }
  return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
          QString::fromUtf8(p.readAllStandardError())};
}

const QString kFixtures = QStringLiteral(IFEDIT_FIXTURES_DIR);

}  // namespace

class TestCli : public QObject {
  Q_OBJECT
  QTemporaryDir tmp_;

 private Q_SLOTS:
  void version() {
    const auto r = cli({QStringLiteral("--version")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.startsWith(QStringLiteral("ifedit-cli ")));
    QCOMPARE(cli({}).code, 2);
    QCOMPARE(cli({QStringLiteral("frobnicate")}).code, 2);
  }

  // `devices` lists the CPU, every visible GPU, and what "auto" picks; with no GPU it says why
  // (this machine: a CPU libtorch; the CUDA chroot build: no device visible).
  void devicesSaysWhereEditsCanRun() {
    const auto r = cli({QStringLiteral("devices")});
    QCOMPARE(r.code, 0);
    const QStringList lines = r.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(!lines.isEmpty() && lines.first().startsWith(QStringLiteral("cpu ")), qPrintable(r.out));
    if (r.out.contains(QStringLiteral("\ncuda:0 "))) {
      QCOMPARE(lines.last(), QStringLiteral("auto runs on: cuda:0"));
    } else {
      QCOMPARE(lines.last(), QStringLiteral("auto runs on: cpu"));
      QVERIFY2(lines.size() == 3 && lines[1].startsWith(QStringLiteral("no GPU: ")), qPrintable(r.out));
    }
    QCOMPARE(cli({QStringLiteral("devices"), QStringLiteral("extra")}).code, 2);
    QCOMPARE(cli({QStringLiteral("devices"), QStringLiteral("--model=")}).code, 2);
    // With a model: each device's plan, from the headers alone.
    const auto demo = cli({QStringLiteral("devices"), QStringLiteral("--model"), QStringLiteral("demo")});
    QCOMPARE(demo.code, 0);
    const QStringList planLines = demo.out.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QVERIFY2(planLines.size() >= 2 && planLines[1].trimmed().startsWith(QStringLiteral("plan: resident, f32; RAM about ")) &&
                 planLines[1].contains(QStringLiteral(" available")),
             qPrintable(demo.out));
    // A model path that names nothing is a usage error, as in `edit`.
    const auto nowhere = cli({QStringLiteral("devices"), QStringLiteral("--model"), tmp_.filePath(QStringLiteral("none"))});
    QCOMPARE(nowhere.code, 2);
    QVERIFY2(nowhere.err.contains(QStringLiteral("no such folder or file")), qPrintable(nowhere.err));
  }

  void inspectsEveryFixtureFile() {
    const auto files = QDir(kFixtures).entryList({QStringLiteral("*.safetensors"), QStringLiteral("*.pth")}, QDir::Files);
    QVERIFY(files.size() >= 15);
    for (const auto& f : files) {
      const auto r = cli({QStringLiteral("inspect"), kFixtures + QLatin1Char('/') + f});
      if (f == QLatin1String("malicious.pth")) {
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains(QLatin1String("refused global")), qPrintable(r.err));
        QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0);  // one line
        continue;
      }
      QVERIFY2(r.code == 0, qPrintable(f + QLatin1String(": ") + r.err));
      QVERIFY(r.out.contains(QLatin1String("total: 1 files")));
    }
    const auto dit = cli({QStringLiteral("inspect"), kFixtures + QStringLiteral("/dit_i2v.safetensors")});
    QVERIFY(dit.out.contains(QLatin1String("Wan DiT (i2v, 36 input channels)")));
    QVERIFY(dit.out.contains(QRegularExpression(QStringLiteral("patch_embedding.weight\\s+F32\\s+\\[64, 36, 1, 2, 2\\]"))));
    QVERIFY(dit.out.contains(QLatin1String("69 tensors")));
    const auto t5 = cli({QStringLiteral("inspect"), kFixtures + QStringLiteral("/t5_bf16.pth")});
    QVERIFY(t5.out.contains(QLatin1String("torch-zip")));
    QVERIFY(t5.out.contains(QLatin1String("UMT5 encoder")));
  }

  void inspectsTheDemoModelFolder() {
    const auto r = cli({QStringLiteral("inspect"), QStringLiteral(IFEDIT_SOURCE_DIR "/resources/demo")});
    QCOMPARE(r.code, 0);
    QVERIFY(r.out.contains(QLatin1String("layout: official")));
    QVERIFY(r.out.contains(QLatin1String("total: 4 files")));
    // The same folder reached through symlinked subfolders (and a link back up: a cycle) is read
    // the same: every file once.
    const QString linked = tmp_.filePath(QStringLiteral("linked-demo"));
    QVERIFY(QDir().mkpath(linked));
    for (const char* part : {"high_noise_model", "low_noise_model", "google"})
      QVERIFY(QFile::link(QStringLiteral(IFEDIT_SOURCE_DIR "/resources/demo/") + QLatin1String(part),
                          linked + QLatin1Char('/') + QLatin1String(part)));
    for (const char* file : {"models_t5_umt5-xxl-enc-bf16.pth", "Wan2.1_VAE.pth"})
      QVERIFY(QFile::link(QStringLiteral(IFEDIT_SOURCE_DIR "/resources/demo/") + QLatin1String(file),
                          linked + QLatin1Char('/') + QLatin1String(file)));
    QVERIFY(QFile::link(linked, linked + QStringLiteral("/loop")));
    const auto viaLinks = cli({QStringLiteral("inspect"), linked});
    QVERIFY2(viaLinks.code == 0, qPrintable(viaLinks.err));
    QVERIFY2(viaLinks.out.contains(QLatin1String("total: 4 files")), qPrintable(viaLinks.out.right(400)));
  }

  void inspectFailsCleanlyOnBrokenFiles() {
    QFile src(kFixtures + QStringLiteral("/vae.safetensors"));
    QVERIFY(src.open(QIODevice::ReadOnly));
    const QByteArray bytes = src.readAll();
    const QList<QPair<QString, QByteArray>> cases = {
        {QStringLiteral("empty.safetensors"), QByteArray()},
        {QStringLiteral("truncated.safetensors"), bytes.left(bytes.size() / 3)},
        {QStringLiteral("lying-header.safetensors"), QByteArray("\xff\xff\x00\x00\x00\x00\x00\x00{}", 10)},
        {QStringLiteral("junk.pth"), QByteArray("this is not a checkpoint at all")},
        {QStringLiteral("cut.pth"), QByteArray("PK\x03\x04\x14\x00\x00\x00", 8)},
    };
    for (const auto& [name, data] : cases) {
      const auto path = tmp_.filePath(name);
      QFile f(path);
      QVERIFY(f.open(QIODevice::WriteOnly));
      f.write(data);
      f.close();
      const auto r = cli({QStringLiteral("inspect"), path});
      QVERIFY2(r.code != 0, qPrintable(name));
      QVERIFY2(r.err.contains(path), qPrintable(r.err));
      QCOMPARE(r.err.trimmed().count(QLatin1Char('\n')), 0);
    }
    QVERIFY(cli({QStringLiteral("inspect"), tmp_.filePath(QStringLiteral("missing"))}).code != 0);
    QCOMPARE(cli({QStringLiteral("inspect")}).code, 2);
  }

  void editOnTheDemoModelWritesImageEvolutionAndReport() {
    QImage in(120, 80, QImage::Format_RGB888);
    for (int y = 0; y < 80; ++y)
      for (int x = 0; x < 120; ++x) in.setPixelColor(x, y, QColor(x * 2, y * 3, (x > 40 && x < 80) ? 255 : 0));
    const auto inPath = tmp_.filePath(QStringLiteral("in.png"));
    QVERIFY(in.save(inPath));
    QFile inFile(inPath);
    QVERIFY(inFile.open(QIODevice::ReadOnly));
    const QByteArray sourceBytes = inFile.readAll();
    inFile.close();

    auto edit = [&](const QString& tag, const QStringList& extra) {
      QStringList args = {QStringLiteral("edit"), QStringLiteral("--model"), QStringLiteral("demo"),
                          QStringLiteral("--image"), inPath, QStringLiteral("--instruction"),
                          QStringLiteral("make the stripe green"), QStringLiteral("--frames"), QStringLiteral("9"),
                          QStringLiteral("--steps"), QStringLiteral("4"), QStringLiteral("--max-area"),
                          QStringLiteral("6144"), QStringLiteral("--seed"), QStringLiteral("11"),
                          QStringLiteral("--out"), tmp_.filePath(tag + QStringLiteral(".png")),
                          QStringLiteral("--evolution"), tmp_.filePath(tag + QStringLiteral("-evo")),
                          QStringLiteral("--report"), tmp_.filePath(tag + QStringLiteral(".json"))};
      return cli(args + extra);
    };
    const auto a = edit(QStringLiteral("a"), {});
    QVERIFY2(a.code == 0, qPrintable(a.err));
    QVERIFY(a.err.contains(QLatin1String("random-weight output")));
    // Loading says each part, and how much of the set is read, a line per 10 % off a terminal.
    const qsizetype high = a.err.indexOf(QLatin1String("[loading models] high-noise expert")),
                    low = a.err.indexOf(QLatin1String("[loading models] low-noise expert")),
                    full = a.err.indexOf(QLatin1String("  loading 100 %\n"));
    QVERIFY2(high >= 0 && high < low && low < full, qPrintable(a.err));
    const auto loadingLines = a.err.count(QLatin1String("  loading "));
    QVERIFY2(loadingLines >= 2 && loadingLines <= 10, qPrintable(a.err));
    const auto b = edit(QStringLiteral("b"), {});
    QCOMPARE(b.code, 0);

    auto bytesOf = [](const QString& p) {
      QFile f(p);
      return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    };
    const auto imgA = bytesOf(tmp_.filePath(QStringLiteral("a.png")));
    QVERIFY(!imgA.isEmpty());
    QCOMPARE(bytesOf(tmp_.filePath(QStringLiteral("b.png"))), imgA);  // same seed -> identical file
    const auto frames = QDir(tmp_.filePath(QStringLiteral("a-evo"))).entryList({QStringLiteral("*.png")});
    QCOMPARE(frames.size(), 5);  // 9 frames -> 3 latents, K=3 keeps {0, 2} -> 5 decoded frames
    for (const auto& f : frames)
      QCOMPARE(bytesOf(tmp_.filePath(QStringLiteral("b-evo/") + f)), bytesOf(tmp_.filePath(QStringLiteral("a-evo/") + f)));
    QCOMPARE(bytesOf(inPath), sourceBytes);  // the source is never modified
    QVERIFY(QDir(tmp_.path()).entryList({QStringLiteral("*.tmp"), QStringLiteral("*~")}).isEmpty());

    const auto report = QJsonDocument::fromJson(bytesOf(tmp_.filePath(QStringLiteral("a.json")))).object();
    QCOMPARE(report.value(QLatin1String("seed")).toString(), QStringLiteral("11"));
    QCOMPARE(report.value(QLatin1String("prompt_source")).toString(), QStringLiteral("offline-template"));
    QVERIFY(report.value(QLatin1String("model")).toObject().value(QLatin1String("random_weights")).toBool());
    QCOMPARE(report.value(QLatin1String("model")).toObject().value(QLatin1String("memory_mode")).toString(),
             QStringLiteral("resident"));  // the mode that ran (on the CPU every model is resident)
    const auto evo = report.value(QLatin1String("evolution")).toObject();
    QCOMPARE(evo.value(QLatin1String("kept_latent_frames")).toArray(), (QJsonArray{0, 2}));
    QCOMPARE(evo.value(QLatin1String("candidates")).toArray().size(), 4);
    QVERIFY(evo.contains(QLatin1String("timings_s")));
    QVERIFY(report.value(QLatin1String("refinement")).toObject().value(QLatin1String("refined")).toBool());

    // The image comes back at the source's size (the default --size source), not the working size.
    const QJsonArray working = report.value(QLatin1String("working_size")).toArray();
    QCOMPARE(working.size(), 2);
    QVERIFY(QSize(working.at(0).toInt(), working.at(1).toInt()) != in.size());
    QCOMPARE(report.value(QLatin1String("export_size_choice")).toString(), QStringLiteral("source"));
    QCOMPARE(report.value(QLatin1String("export_size")).toArray(), (QJsonArray{120, 80}));
    const QImage out(tmp_.filePath(QStringLiteral("a.png")));
    QCOMPARE(out.size(), in.size());
    QCOMPARE(QImage(tmp_.filePath(QStringLiteral("a-evo/frame_0000.png"))).size(),
             QSize(working.at(0).toInt(), working.at(1).toInt()));  // the evolution stays at working size
    // The image carries the A1111 parameters text and our JSON (with the size written).
    QVERIFY(out.text(QStringLiteral("parameters")).contains(QLatin1String("Seed: 11")));
    QVERIFY(out.text(QStringLiteral("ifedit")).contains(QLatin1String("\"random_weights\":true")));
    QVERIFY(out.text(QStringLiteral("ifedit")).contains(QLatin1String("\"export_size\":[120,80]")));
    // Exported files name the model's folder, never the path to it (the user's folders).
    const QByteArray home = QByteArray(IFEDIT_SOURCE_DIR);
    for (const QString& written : {QStringLiteral("a.png"), QStringLiteral("a-evo/evolution.json")})
      QVERIFY2(!bytesOf(tmp_.filePath(written)).contains(home), qPrintable(written));
    QVERIFY2(report.value(QLatin1String("model")).toObject().value(QLatin1String("identity")).toString().endsWith(
                 QLatin1String("] @ demo")),
             qPrintable(report.value(QLatin1String("model")).toObject().value(QLatin1String("identity")).toString()));

    // A given prompt is used as is; --pick chooses the frame refined; --scpr off returns it, and
    // --size model writes it at the working size.
    const auto c = edit(QStringLiteral("c"), {QStringLiteral("--prompt"), QStringLiteral("a still scene"),
                                              QStringLiteral("--pick"), QStringLiteral("0"), QStringLiteral("--scpr"),
                                              QStringLiteral("off"), QStringLiteral("--size"), QStringLiteral("model")});
    QVERIFY2(c.code == 0, qPrintable(c.err));
    const auto rc = QJsonDocument::fromJson(bytesOf(tmp_.filePath(QStringLiteral("c.json")))).object();
    QCOMPARE(rc.value(QLatin1String("export_size_choice")).toString(), QStringLiteral("model"));
    QCOMPARE(rc.value(QLatin1String("export_size")).toArray(), working);
    QCOMPARE(QImage(tmp_.filePath(QStringLiteral("c.png"))).size(), QSize(working.at(0).toInt(), working.at(1).toInt()));
    QCOMPARE(rc.value(QLatin1String("prompt_source")).toString(), QStringLiteral("user"));
    QCOMPARE(rc.value(QLatin1String("refinement")).toObject().value(QLatin1String("chosen_frame")).toInt(), 0);
    QCOMPARE(QImage(tmp_.filePath(QStringLiteral("c.png"))).convertToFormat(QImage::Format_RGB888),
             QImage(tmp_.filePath(QStringLiteral("c-evo/frame_0000.png"))).convertToFormat(QImage::Format_RGB888));

    // Another run into the same --evolution folder replaces it whole: no frame of the first stays.
    const auto d = cli({QStringLiteral("edit"), QStringLiteral("--model"), QStringLiteral("demo"), QStringLiteral("--image"),
                        inPath, QStringLiteral("--instruction"), QStringLiteral("x"), QStringLiteral("--prompt"),
                        QStringLiteral("x"), QStringLiteral("--frames"), QStringLiteral("1"), QStringLiteral("--steps"), QStringLiteral("1"), QStringLiteral("--max-area"),
                        QStringLiteral("4096"), QStringLiteral("--out"), tmp_.filePath(QStringLiteral("d.png")),
                        QStringLiteral("--evolution"), tmp_.filePath(QStringLiteral("a-evo"))});
    QVERIFY2(d.code == 0, qPrintable(d.err));
    const QStringList replaced = QDir(tmp_.filePath(QStringLiteral("a-evo"))).entryList(QDir::Files);
    QCOMPARE(replaced.size(), 6);  // evolution.json and 5 frames (the fewest an evolution has)
    QCOMPARE(replaced.first(), QStringLiteral("evolution.json"));
    for (const QString& f : replaced.mid(1)) {  // each at this run's smaller working size
      const QSize size = QImage(tmp_.filePath(QStringLiteral("a-evo/") + f)).size();
      QVERIFY2(!size.isEmpty() && size.width() * size.height() <= 4096, qPrintable(f));
    }
    // Frames written by an older ifedit-cli (frame_000.png) are an earlier export too; a folder
    // with other files, or outputs placed inside the frames' folder, are refused before the run.
    QVERIFY(QDir().mkpath(tmp_.filePath(QStringLiteral("old-evo"))));
    QVERIFY(QImage(4, 4, QImage::Format_RGB888).save(tmp_.filePath(QStringLiteral("old-evo/frame_000.png"))));
    const QStringList small = {QStringLiteral("edit"), QStringLiteral("--model"), QStringLiteral("demo"),
                               QStringLiteral("--image"), inPath, QStringLiteral("--instruction"), QStringLiteral("x"),
                               QStringLiteral("--prompt"), QStringLiteral("x"), QStringLiteral("--frames"),
                               QStringLiteral("1"), QStringLiteral("--steps"), QStringLiteral("1"),
                               QStringLiteral("--max-area"), QStringLiteral("4096")};
    const auto old = cli(small + QStringList{QStringLiteral("--out"), tmp_.filePath(QStringLiteral("e.png")),
                                             QStringLiteral("--evolution"), tmp_.filePath(QStringLiteral("old-evo"))});
    QVERIFY2(old.code == 0, qPrintable(old.err));
    QCOMPARE(QDir(tmp_.filePath(QStringLiteral("old-evo"))).entryList(QDir::Files),
             (QStringList{QStringLiteral("evolution.json"), QStringLiteral("frame_0000.png"), QStringLiteral("frame_0001.png"),
                          QStringLiteral("frame_0002.png"), QStringLiteral("frame_0003.png"), QStringLiteral("frame_0004.png")}));
    QVERIFY(QDir().mkpath(tmp_.filePath(QStringLiteral("run1"))));
    const auto inside = cli(small + QStringList{QStringLiteral("--out"), tmp_.filePath(QStringLiteral("run1/result.png")),
                                                QStringLiteral("--evolution"), tmp_.filePath(QStringLiteral("run1"))});
    QCOMPARE(inside.code, 2);
    QVERIFY2(inside.err.contains(QLatin1String("inside the --evolution folder")), qPrintable(inside.err));
    QVERIFY(QImage(4, 4, QImage::Format_RGB888).save(tmp_.filePath(QStringLiteral("a-evo/notes.png"))));
    const auto cluttered = cli(small + QStringList{QStringLiteral("--out"), tmp_.filePath(QStringLiteral("f.png")),
                                                   QStringLiteral("--evolution"), tmp_.filePath(QStringLiteral("a-evo"))});
    QCOMPARE(cluttered.code, 2);
    QVERIFY2(cluttered.err.contains(QLatin1String("holds other files (notes.png)")), qPrintable(cluttered.err));
    QVERIFY2(!cluttered.err.contains(QLatin1String("[loading")), qPrintable(cluttered.err));
    // A new folder named with a trailing slash.
    const auto slash = cli(small + QStringList{QStringLiteral("--out"), tmp_.filePath(QStringLiteral("g.png")),
                                               QStringLiteral("--evolution"), tmp_.filePath(QStringLiteral("new-evo/"))});
    QVERIFY2(slash.code == 0, qPrintable(slash.err));
    QVERIFY(QFile::exists(tmp_.filePath(QStringLiteral("new-evo/frame_0000.png"))));
  }

  void editAcceptsEveryPixelFormatAndRefusesBrokenImages() {
    // Grayscale, alpha and 16-bit sources become 8-bit RGB; broken ones are one-line errors.
    QImage gray(40, 30, QImage::Format_Grayscale8);
    gray.fill(90);
    QImage alpha(40, 30, QImage::Format_ARGB32);
    alpha.fill(QColor(200, 10, 10, 60));
    QImage deep(40, 30, QImage::Format_RGBA64);
    deep.fill(QColor(20, 200, 30));
    const QList<QPair<QString, QImage>> good = {{QStringLiteral("gray.png"), gray},
                                                {QStringLiteral("alpha.png"), alpha},
                                                {QStringLiteral("deep16.png"), deep}};
    for (const auto& [name, image] : good) {
      const auto path = tmp_.filePath(name);
      QVERIFY(image.save(path));
      const auto r = cli({QStringLiteral("edit"), QStringLiteral("--model"), QStringLiteral("demo"), QStringLiteral("--image"),
                          path, QStringLiteral("--instruction"), QStringLiteral("x"), QStringLiteral("--frames"),
                          QStringLiteral("5"), QStringLiteral("--steps"), QStringLiteral("2"), QStringLiteral("--max-area"),
                          QStringLiteral("4096"), QStringLiteral("--out"), path + QStringLiteral(".out.png")});
      QVERIFY2(r.code == 0, qPrintable(name + QLatin1String(": ") + r.err));
      QVERIFY(!QImage(path + QStringLiteral(".out.png")).isNull());
    }
    QFile empty(tmp_.filePath(QStringLiteral("empty.png")));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();
    // A PNG header that claims 100000 x 100000 pixels: refused before decoding.
    QByteArray huge("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x02\x00\x00\x00", 29);
    QFile hugeFile(tmp_.filePath(QStringLiteral("huge.png")));
    QVERIFY(hugeFile.open(QIODevice::WriteOnly));
    hugeFile.write(huge + QByteArray(16, '\0'));
    hugeFile.close();
    for (const auto& name : {QStringLiteral("empty.png"), QStringLiteral("huge.png"), QStringLiteral("missing.png")}) {
      const auto r = cli({QStringLiteral("edit"), QStringLiteral("--model"), QStringLiteral("demo"), QStringLiteral("--image"),
                          tmp_.filePath(name), QStringLiteral("--instruction"), QStringLiteral("x"), QStringLiteral("--out"),
                          tmp_.filePath(QStringLiteral("never.png"))});
      QVERIFY2(r.code != 0, qPrintable(name));
      QVERIFY2(r.err.contains(name), qPrintable(r.err));
    }
    QVERIFY(!QFile::exists(tmp_.filePath(QStringLiteral("never.png"))));
    // An SVG with text (even named .png): Qt's renderer needs a GUI application for its fonts and
    // aborted the command line; it is refused with a sentence instead.
    QFile svg(tmp_.filePath(QStringLiteral("logo.png")));
    QVERIFY(svg.open(QIODevice::WriteOnly));
    svg.write("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"64\" height=\"32\"><rect width=\"64\" height=\"32\" "
              "fill=\"red\"/><text x=\"4\" y=\"20\">logo</text></svg>\n");
    svg.close();
    if (QImageReader::supportedImageFormats().contains("svg")) {
      const auto r = cli({QStringLiteral("rewrite"), QStringLiteral("--offline"), QStringLiteral("--image"), svg.fileName(),
                          QStringLiteral("--instruction"), QStringLiteral("make it night")});
      QVERIFY2(r.code == 2 && r.err.contains(QStringLiteral("is an SVG drawing")), qPrintable(r.err));
    }
    // An ordinary large photo (36 megapixels: above Qt's default 128 MB decode limit) opens, as in
    // the editor.
    QImage large(6000, 6000, QImage::Format_RGB32);
    large.fill(QColor(10, 120, 200));
    const QString largePath = tmp_.filePath(QStringLiteral("large.png"));
    QVERIFY(large.save(largePath));
    large = QImage();
    const auto r = cli({QStringLiteral("rewrite"), QStringLiteral("--offline"), QStringLiteral("--image"), largePath,
                        QStringLiteral("--instruction"), QStringLiteral("make it night")});
    QVERIFY2(r.code == 0, qPrintable(r.err));
  }

  // A termination signal while the outputs are written takes effect after the last one: never a
  // new image beside an old evolution folder, a missing report or a hidden temporary folder.
  void aSignalDuringTheOutputsWaitsForThemAll() {
    QTemporaryDir d;
    const QString in = d.filePath(QStringLiteral("in.png"));
    QVERIFY(QImage(96, 64, QImage::Format_RGB32).save(in));
    QProcess p;
    p.setProcessEnvironment(cliEnvironment());
    p.start(QStringLiteral(IFEDIT_CLI_PATH),
            {QStringLiteral("edit"), QStringLiteral("--model"), QStringLiteral("demo"), QStringLiteral("--image"), in,
             QStringLiteral("--instruction"), QStringLiteral("x"), QStringLiteral("--prompt"), QStringLiteral("y"),
             QStringLiteral("--frames"), QStringLiteral("81"), QStringLiteral("--steps"), QStringLiteral("2"),
             QStringLiteral("--max-area"), QStringLiteral("16384"), QStringLiteral("--out"), d.filePath(QStringLiteral("out.png")),
             QStringLiteral("--evolution"), d.filePath(QStringLiteral("frames")), QStringLiteral("--report"),
             d.filePath(QStringLiteral("r.json"))});
    QVERIFY(p.waitForStarted());
    const pid_t pid = pid_t(p.processId());
    QVERIFY(pid > 0);
    // The image is the first output: the signal comes while the frames and the report are written.
    QVERIFY(QTest::qWaitFor([&] { return QFile::exists(d.filePath(QStringLiteral("out.png"))) || p.state() == QProcess::NotRunning; },
                            600000));
    const bool sent = p.state() == QProcess::Running && ::kill(pid, SIGTERM) == 0;
    QVERIFY(p.waitForFinished(600000));
    if (!sent) QSKIP("the run ended before the signal could be sent (a loaded machine)");
    QCOMPARE(p.exitStatus(), QProcess::CrashExit);  // the held signal ends it, after the outputs
    QVERIFY(QFile::exists(d.filePath(QStringLiteral("out.png"))));
    QVERIFY(QFile::exists(d.filePath(QStringLiteral("r.json"))));
    QCOMPARE(QDir(d.filePath(QStringLiteral("frames"))).entryList({QStringLiteral("frame_*.png")}).size(), 29);
    QCOMPARE(QDir(d.path()).entryList({QStringLiteral(".*tmp*")}, QDir::AllEntries | QDir::Hidden).size(), 0);
  }

  // The demo model runs at the editor's small working size unless --max-area asks otherwise.
  void demoRunsAtASmallWorkingSize() {
    const auto inPath = tmp_.filePath(QStringLiteral("wide.png"));
    QVERIFY(QImage(640, 360, QImage::Format_RGB888).save(inPath));
    const auto report = tmp_.filePath(QStringLiteral("demo-size.json"));
    const auto r = cli({QStringLiteral("edit"), QStringLiteral("--model"), QStringLiteral("demo"), QStringLiteral("--image"),
                        inPath, QStringLiteral("--instruction"), QStringLiteral("x"), QStringLiteral("--frames"),
                        QStringLiteral("5"), QStringLiteral("--steps"), QStringLiteral("1"), QStringLiteral("--scpr"),
                        QStringLiteral("off"), QStringLiteral("--report"), report, QStringLiteral("--out"),
                        tmp_.filePath(QStringLiteral("demo-size.png"))});
    QVERIFY2(r.code == 0, qPrintable(r.err));
    QVERIFY2(r.err.contains(QStringLiteral("demo model: working size 399360 -> 46080 pixels")), qPrintable(r.err));
    QFile f(report);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QJsonArray size = QJsonDocument::fromJson(f.readAll()).object().value(QStringLiteral("working_size")).toArray();
    QCOMPARE(size.size(), 2);
    QVERIFY2(size.at(0).toInt() * size.at(1).toInt() <= 46080, qPrintable(QString::number(size.at(0).toInt())));
    QVERIFY(size.at(0).toInt() > size.at(1).toInt());  // the source's aspect is kept
    QCOMPARE(QImage(tmp_.filePath(QStringLiteral("demo-size.png"))).size(), QSize(640, 360));
  }

  void editRejectsBadInput() {
    const auto inPath = tmp_.filePath(QStringLiteral("small.png"));
    QImage(16, 16, QImage::Format_RGB888).save(inPath);
    const QStringList base = {QStringLiteral("edit"), QStringLiteral("--model"), QStringLiteral("demo"),
                              QStringLiteral("--image"), inPath, QStringLiteral("--instruction"), QStringLiteral("x"),
                              QStringLiteral("--out"), tmp_.filePath(QStringLiteral("x.png"))};
    const QList<QPair<QStringList, QString>> cases = {
        {{QStringLiteral("--k"), QStringLiteral("0")}, QStringLiteral("K must be >= 1")},
        {{QStringLiteral("--threshold"), QStringLiteral("1.5")}, QStringLiteral("threshold")},
        {{QStringLiteral("--anchor"), QStringLiteral("middle")}, QStringLiteral("anchor")},
        {{QStringLiteral("--frames"), QStringLiteral("abc")}, QStringLiteral("--frames expects a number")},
        // Parsed as doubles, but not a value of the option: refused before any cast.
        {{QStringLiteral("--steps"), QStringLiteral("nan")}, QStringLiteral("--steps expects a number, got 'nan'")},
        {{QStringLiteral("--lora-strength"), QStringLiteral("inf")}, QStringLiteral("--lora-strength expects a number")},
        {{QStringLiteral("--frames"), QStringLiteral("1e30")}, QStringLiteral("--frames expects a whole number")},
        {{QStringLiteral("--steps"), QStringLiteral("2.5")}, QStringLiteral("--steps expects a whole number")},
        {{QStringLiteral("--bogus")}, QStringLiteral("unknown argument")},
        {{QStringLiteral("--size"), QStringLiteral("huge")}, QStringLiteral("--size expects source or model, got 'huge'")},
    };
    for (const auto& [extra, needle] : cases) {
      const auto r = cli(base + extra);
      QCOMPARE(r.code, 2);
      QVERIFY2(r.err.contains(needle), qPrintable(r.err));
    }
    QVERIFY(!QFile::exists(tmp_.filePath(QStringLiteral("x.png"))));
    // The source picture is never an output: by name, through a symlink, as the report or inside
    // the --evolution folder. Refused before anything runs.
    const QByteArray sourceBytes = [&] {
      QFile f(inPath);
      return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    const QString link = tmp_.filePath(QStringLiteral("small-link.png"));
    QVERIFY(QFile::link(inPath, link));
    const QStringList noOut = base.mid(0, base.size() - 2) + QStringList{QStringLiteral("--prompt"), QStringLiteral("y")};
    for (const QStringList& target :
         {QStringList{QStringLiteral("--out"), inPath}, QStringList{QStringLiteral("--out"), link},
          QStringList{QStringLiteral("--out"), tmp_.filePath(QStringLiteral("z.png")), QStringLiteral("--report"), inPath},
          QStringList{QStringLiteral("--out"), tmp_.filePath(QStringLiteral("z.png")), QStringLiteral("--evolution"),
                      tmp_.path()}}) {
      const auto r = cli(noOut + target);
      QCOMPARE(r.code, 2);
      QVERIFY2(r.err.contains(QLatin1String("source picture")), qPrintable(r.err));
    }
    QFile source(inPath);
    QVERIFY(source.open(QIODevice::ReadOnly));
    QCOMPARE(source.readAll(), sourceBytes);
    QVERIFY(!QFile::exists(tmp_.filePath(QStringLiteral("z.png"))));
    QStringList bmp = base;
    bmp.last() = tmp_.filePath(QStringLiteral("x.bmp"));
    const auto badSuffix = cli(bmp);
    QCOMPARE(badSuffix.code, 2);
    QVERIFY2(badSuffix.err.contains(QLatin1String("expected a .png, .jpg or .webp file")), qPrintable(badSuffix.err));
    const auto noModel = cli({QStringLiteral("edit"), QStringLiteral("--model"), tmp_.path(), QStringLiteral("--image"),
                              inPath, QStringLiteral("--instruction"), QStringLiteral("x"), QStringLiteral("--prompt"),
                              QStringLiteral("y"), QStringLiteral("--out"), tmp_.filePath(QStringLiteral("y.png"))});
    QCOMPARE(noModel.code, 1);
    QVERIFY2(noModel.err.contains(QLatin1String("incomplete model folder")), qPrintable(noModel.err));
    const auto nowhere = cli({QStringLiteral("edit"), QStringLiteral("--model"), tmp_.filePath(QStringLiteral("nowhere")),
                              QStringLiteral("--image"), inPath, QStringLiteral("--instruction"), QStringLiteral("x"),
                              QStringLiteral("--out"), tmp_.filePath(QStringLiteral("y.png"))});
    QCOMPARE(nowhere.code, 2);  // before the prompt is written
    QVERIFY2(nowhere.err.contains(QLatin1String("no such folder or file")) && !nowhere.err.contains(QLatin1String("prompt (")),
             qPrintable(nowhere.err));
    // Memory modes reach the engine: GPU-only modes are refused on the CPU by name, unknown ones listed.
    const QStringList withPrompt = base + QStringList{QStringLiteral("--prompt"), QStringLiteral("y"),
                                                      QStringLiteral("--device"), QStringLiteral("cpu")};
    const auto fp8 = cli(withPrompt + QStringList{QStringLiteral("--memory"), QStringLiteral("fp8")});
    QCOMPARE(fp8.code, 2);  // known from the arguments: before the VLM is asked
    QVERIFY2(fp8.err.contains(QLatin1String("--memory fp8 needs a CUDA device, and --device is cpu")), qPrintable(fp8.err));
    const auto sideways = cli(withPrompt + QStringList{QStringLiteral("--memory"), QStringLiteral("sideways")});
    QCOMPARE(sideways.code, 2);  // a usage error, found before anything loads
    QVERIFY2(sideways.err.contains(QLatin1String("not one of auto, resident, swap, fp8, lowvram")), qPrintable(sideways.err));
    QVERIFY(!QFile::exists(tmp_.filePath(QStringLiteral("x.png"))));
    // Usage errors are found before the models load or the VLM is asked (exit 2, nothing run).
    const QList<QPair<QStringList, QString>> early = {
        {{QStringLiteral("--pick"), QStringLiteral("-1")}, QStringLiteral("--pick expects a frame number")},
        {{QStringLiteral("--device"), QStringLiteral("gpu")}, QStringLiteral("--device expects auto, cpu, cuda or cuda:N")},
        {{QStringLiteral("--precision"), QStringLiteral("f16")}, QStringLiteral("--precision expects auto, f32 or bf16")},
        {{QStringLiteral("--report"), tmp_.filePath(QStringLiteral("missing/r.json"))}, QStringLiteral("does not exist")},
        {{QStringLiteral("--model"), QStringLiteral("/models/wan")}, QStringLiteral("--model is given twice")},
        {{QStringLiteral("--frames"), QStringLiteral("5"), QStringLiteral("--frames=9")}, QStringLiteral("--frames is given twice")},
        // 33 frames with dropout K 3 give an evolution of 13 frames (0..12).
        {{QStringLiteral("--frames"), QStringLiteral("33"), QStringLiteral("--pick"), QStringLiteral("20")},
         QStringLiteral("not a frame of the evolution these settings give (0..12: 13 frames")},
        {{QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:9/v1")},
         QStringLiteral("--vlm-model NAME is required with --endpoint")},
        {{QStringLiteral("--vlm-model"), QStringLiteral("a"), QStringLiteral("--vlm-model=b")},
         QStringLiteral("--vlm-model is given twice")},
        // An option with nothing after it (an unset shell variable) is not the option left out.
        {{QStringLiteral("--max-area=")}, QStringLiteral("--max-area needs a value")},
        {{QStringLiteral("--seed"), QString()}, QStringLiteral("--seed needs a value")},
        {{QStringLiteral("--solver=")}, QStringLiteral("--solver needs a value")},
        // LoRA files are read at load, after the VLM: their mistakes are found first.
        {{QStringLiteral("--lora-high"), tmp_.filePath(QStringLiteral("missing.safetensors"))}, QStringLiteral("no such file")},
        {{QStringLiteral("--lora-low"), tmp_.path()}, QStringLiteral("not a file")},
        {{QStringLiteral("--lora-high"), inPath, QStringLiteral("--lora-strength"), QStringLiteral("10")},
         QStringLiteral("--lora-strength must be between -4 and 4")},
        {{QStringLiteral("--lora-strength"), QStringLiteral("0.5")}, QStringLiteral("--lora-strength needs --lora-high or --lora-low")},
        // The report must not replace the picture, nor the metadata beside it.
        {{QStringLiteral("--report"), tmp_.filePath(QStringLiteral("x.png"))}, QStringLiteral("is the --out file")},
        {{QStringLiteral("--report"), tmp_.filePath(QStringLiteral("x.png.json"))}, QStringLiteral("metadata goes")},
    };
    for (const auto& [extra, needle] : early) {
      const auto r = cli(base + QStringList{QStringLiteral("--prompt"), QStringLiteral("y")} + extra);
      QCOMPARE(r.code, 2);
      QVERIFY2(r.err.contains(needle), qPrintable(r.err));
      QVERIFY2(!r.err.contains(QLatin1String("[loading")), qPrintable(r.err));
    }
    // A WebP cannot hold a picture 16400 pixels wide at the source's size: found before the run.
    const QString strip = tmp_.filePath(QStringLiteral("strip.png"));
    QVERIFY(QImage(16400, 40, QImage::Format_RGB888).save(strip));
    const auto webpTooWide = cli({QStringLiteral("edit"), QStringLiteral("--model"), QStringLiteral("demo"), QStringLiteral("--image"),
                              strip, QStringLiteral("--instruction"), QStringLiteral("x"), QStringLiteral("--prompt"),
                              QStringLiteral("y"), QStringLiteral("--max-area"), QStringLiteral("200000"), QStringLiteral("--out"),
                              tmp_.filePath(QStringLiteral("strip.webp"))});
    QCOMPARE(webpTooWide.code, 2);
    QVERIFY2(webpTooWide.err.contains(QLatin1String("16383")) && !webpTooWide.err.contains(QLatin1String("[loading")),
             qPrintable(webpTooWide.err));
    // An existing folder where the picture or the report would go: found before the run.
    QVERIFY(QDir(tmp_.path()).mkpath(QStringLiteral("outdir.png")) && QDir(tmp_.path()).mkpath(QStringLiteral("reportdir")));
    QStringList intoFolder = withPrompt;
    intoFolder[intoFolder.indexOf(tmp_.filePath(QStringLiteral("x.png")))] = tmp_.filePath(QStringLiteral("outdir.png"));
    for (const QStringList& args : {intoFolder, withPrompt + QStringList{QStringLiteral("--report"), tmp_.filePath(QStringLiteral("reportdir"))}}) {
      const auto r = cli(args);
      QCOMPARE(r.code, 2);
      QVERIFY2(r.err.contains(QLatin1String("is a folder; name a file")) && !r.err.contains(QLatin1String("[loading")),
               qPrintable(r.err));
    }
    QStringList missingOut = withPrompt;
    missingOut[missingOut.indexOf(tmp_.filePath(QStringLiteral("x.png")))] = tmp_.filePath(QStringLiteral("no/x.png"));
    const auto noFolder = cli(missingOut);
    QCOMPARE(noFolder.code, 2);
    QVERIFY2(noFolder.err.contains(QLatin1String("--out")) && noFolder.err.contains(QLatin1String("does not exist")),
             qPrintable(noFolder.err));
    // --option=value works for every option, edit's own and the rewrite's.
    const auto equals = cli({QStringLiteral("edit"), QStringLiteral("--model=demo"), QStringLiteral("--image=") + inPath,
                             QStringLiteral("--instruction=x"), QStringLiteral("--prompt=y"), QStringLiteral("--frames=1"),
                             QStringLiteral("--steps=1"), QStringLiteral("--max-area=4096"),
                             QStringLiteral("--out=") + tmp_.filePath(QStringLiteral("eq.png"))});
    QVERIFY2(equals.code == 0, qPrintable(equals.err));
    QVERIFY(QFile::exists(tmp_.filePath(QStringLiteral("eq.png"))));
    // A pipe is not a checkpoint: refused at once instead of waiting for a writer.
    const QString fifo = tmp_.filePath(QStringLiteral("pipe.safetensors"));
    QCOMPARE(::mkfifo(QFile::encodeName(fifo).constData(), 0600), 0);
    const auto pipe = cli({QStringLiteral("inspect"), fifo});
    QCOMPARE(pipe.code, 1);
    QVERIFY2(pipe.err.contains(QLatin1String("not a regular file")), qPrintable(pipe.err));
    const auto inspectHelp = cli({QStringLiteral("inspect"), QStringLiteral("--help")});
    QCOMPARE(inspectHelp.code, 0);
    QVERIFY(inspectHelp.out.contains(QLatin1String("usage: ifedit-cli inspect PATH")));
    // Frame counts that are not 4n+1 are rounded and reported, in the report too.
    const QString reportPath = tmp_.filePath(QStringLiteral("adjusted.json"));
    const auto adjusted = cli(base + QStringList{QStringLiteral("--frames"), QStringLiteral("4"), QStringLiteral("--steps"),
                                                 QStringLiteral("2"), QStringLiteral("--max-area"), QStringLiteral("4096"),
                                                 QStringLiteral("--report"), reportPath});
    QCOMPARE(adjusted.code, 0);
    QVERIFY2(adjusted.err.contains(QLatin1String("frames 4 -> 5")), qPrintable(adjusted.err));
    QVERIFY2(adjusted.err.contains(QLatin1String(", memory mode resident")), qPrintable(adjusted.err));
    QFile reportFile(reportPath);
    QVERIFY(reportFile.open(QIODevice::ReadOnly));
    const auto lines = QJsonDocument::fromJson(reportFile.readAll()).object().value(QLatin1String("adjustments")).toArray();
    QVERIFY2(lines.contains(QStringLiteral("frames 4 -> 5 (Wan needs 4n+1, an evolution at least 5)")) ||
                 (lines.size() == 1 && lines.at(0).toString().startsWith(QLatin1String("frames 4 -> 5"))),
             qPrintable(QJsonDocument(lines).toJson()));
    // --dropout off keeps every frame of the evolution (the editor's unticked box); a negative
    // prompt of one's own goes with guidance other than 1.
    const QString all = tmp_.filePath(QStringLiteral("all-frames"));
    const auto kept = cli(base + QStringList{QStringLiteral("--frames"), QStringLiteral("9"), QStringLiteral("--steps"),
                                             QStringLiteral("2"), QStringLiteral("--max-area"), QStringLiteral("4096"),
                                             QStringLiteral("--dropout"), QStringLiteral("off"), QStringLiteral("--guidance"),
                                             QStringLiteral("2"), QStringLiteral("--negative-prompt"), QStringLiteral("blurry"),
                                             QStringLiteral("--evolution"), all});
    QVERIFY2(kept.code == 0, qPrintable(kept.err));
    QCOMPARE(QDir(all).entryList({QStringLiteral("frame_*.png")}).size(), 9);
    QFile evolutionJson(all + QStringLiteral("/evolution.json"));
    QVERIFY(evolutionJson.open(QIODevice::ReadOnly));
    const auto keptSettings = QJsonDocument::fromJson(evolutionJson.readAll()).object().value(QLatin1String("settings")).toObject();
    QCOMPARE(keptSettings.value(QLatin1String("negative_prompt")).toString(), QStringLiteral("blurry"));
    QCOMPARE(keptSettings.value(QLatin1String("dropout")).toBool(true), false);
    // A picture too wide for the working size: refused from its size, before anything loads.
    const QString wide = tmp_.filePath(QStringLiteral("wide.png"));
    QVERIFY(QImage(4000, 10, QImage::Format_RGB32).save(wide));
    const auto tooWide = cli({QStringLiteral("edit"), QStringLiteral("--model"), QStringLiteral("demo"), QStringLiteral("--image"),
                              wide, QStringLiteral("--instruction"), QStringLiteral("x"), QStringLiteral("--out"),
                              tmp_.filePath(QStringLiteral("wide.out.png"))});
    QCOMPARE(tooWide.code, 2);
    QVERIFY2(tooWide.err.contains(QLatin1String("a 4000 x 10 picture needs a max area of at least 102400")) &&
                 !tooWide.err.contains(QLatin1String("[loading")) && !tooWide.err.contains(QLatin1String("prompt (")),
             qPrintable(tooWide.err));
  }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
