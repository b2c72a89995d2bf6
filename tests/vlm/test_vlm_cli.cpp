// `ifedit-cli rewrite` (issue 5): the real binary against a real HTTP/1.1 server on loopback.
// Kept apart from test_vlm because every start of the binary loads libtorch, which takes seconds
// on a busy machine; the cases run as parallel processes.
#include <QFile>
#include <QImage>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <vector>

#include "app/vlm/offline_template.h"
#include "loopback_server.h"

using namespace ifedit::app;
using namespace ifedit::test;

namespace {

constexpr char kKey[] = "sk-test-key-8f3a1c";

QImage testImage(int w, int h) {
  QImage image(w, h, QImage::Format_RGB32);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) image.setPixel(x, y, qRgb(x * 255 / w, y * 255 / h, 128));
  return image;
}

void streamAnswer(QTcpSocket* s, const QStringList& pieces, int gapMs) {
  startEventStream(s);
  int t = 0;
  for (const QString& piece : pieces) later(s, t += gapMs, [s, piece] { sendChunk(s, sseEvent(deltaJson(piece))); });
  later(s, t + gapMs, [s] {
    sendChunk(s, sseEvent(deltaJson(QString(), QStringLiteral("stop"))) + sseEvent("[DONE]"));
    endChunks(s);
  });
}

}  // namespace

class TestVlmCli : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  void rewriteAgainstLoopback();
};

void TestVlmCli::rewriteAgainstLoopback() {
  QTemporaryDir dir;
  QVERIFY(dir.isValid());
  const QString imagePath = dir.filePath(QStringLiteral("in.png"));
  QVERIFY(testImage(1600, 900).save(imagePath));
  const QString keyPath = dir.filePath(QStringLiteral("key.txt"));
  {
    QFile f(keyPath);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(QByteArray(kKey) + "\n");
  }
  LoopbackServer server([](QTcpSocket* s, const HttpRequest& req, int) {
    if (QJsonDocument::fromJson(req.body).object().value(QLatin1String("stream")).toBool()) {
      streamAnswer(s, {QStringLiteral("<think>hm</think>The paper slips away. "),
                       QStringLiteral("In the final moment, her hand is empty.")},
                   20);
    } else {
      respond(s, 503, "application/json", R"({"error":"overloaded"})", {{"Retry-After", "0"}});
    }
  });
  // Each start of the binary loads libtorch (seconds on a busy machine), so the cases run at once.
  struct Run {
    QStringList args;
    std::unique_ptr<QProcess> process = std::make_unique<QProcess>();
  };
  QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
  for (const char* v : {"IFEDIT_VLM_ENDPOINT", "IFEDIT_VLM_MODEL", "IFEDIT_VLM_API_KEY_FILE"}) env.remove(QLatin1String(v));
  const QStringList common = {QStringLiteral("rewrite"), QStringLiteral("--image"), imagePath,
                              QStringLiteral("--instruction"), QStringLiteral("take the paper out of her hand")};
  const QString base = server.baseUrl().toString();
  std::vector<Run> runs(3);
  runs[0].args = common + QStringList{QStringLiteral("--endpoint"), base, QStringLiteral("--model"),
                                      QStringLiteral("qwen-vl"), QStringLiteral("--api-key-file"), keyPath,
                                      QStringLiteral("--timeout"), QStringLiteral("10")};
  // --no-stream against a server that stays overloaded.
  runs[1].args = common + QStringList{QStringLiteral("--endpoint"), base, QStringLiteral("--model"), QStringLiteral("m"),
                                      QStringLiteral("--no-stream")};
  runs[2].args = common;  // no endpoint: the offline template
  for (Run& r : runs) {
    r.process->setProcessEnvironment(env);
    r.process->start(QStringLiteral(IFEDIT_CLI_PATH), r.args);
  }
  // The server lives in this thread: wait by spinning the event loop, not by blocking.
  auto allDone = [&] {
    for (const Run& r : runs)
      if (r.process->state() != QProcess::NotRunning) return false;
    return true;
  };
  QTRY_VERIFY_WITH_TIMEOUT(allDone(), 30000);
  QByteArray out[3], err[3];
  int code[3];
  for (int i = 0; i < 3; ++i) {
    out[i] = runs[i].process->readAllStandardOutput();
    err[i] = runs[i].process->readAllStandardError();
    code[i] = runs[i].process->exitStatus() == QProcess::NormalExit ? runs[i].process->exitCode() : -1;
  }

  QVERIFY2(code[0] == 0, err[0].constData());
  QCOMPARE(out[0], QByteArray("The paper slips away. In the final moment, her hand is empty.\n"));
  QVERIFY(err[0].contains("source: vlm, model: test-model"));
  QVERIFY(!err[0].contains(kKey));
  bool sawKey = false, sawModel = false;
  for (const HttpRequest& req : server.requests) {
    sawKey |= req.headers.value("authorization") == QByteArray("Bearer ") + kKey;
    sawModel |= QJsonDocument::fromJson(req.body).object().value(QLatin1String("model")).toString() == QLatin1String("qwen-vl");
  }
  QVERIFY(sawKey);
  QVERIFY(sawModel);

  QCOMPARE(code[1], 1);  // non-zero exit, stdout empty, the reason on the last stderr line
  QVERIFY(out[1].isEmpty());
  const QByteArray lastLine = err[1].trimmed().split('\n').last();
  QVERIFY2(lastLine.contains("HTTP 503") && lastLine.contains("overloaded"), err[1].constData());

  QCOMPARE(code[2], 0);
  QCOMPARE(QString::fromUtf8(out[2]),
           offlineEvolutionPrompt(QStringLiteral("take the paper out of her hand")).prompt + QLatin1Char('\n'));
  QVERIFY(err[2].contains("source: offline-template"));
}

QTEST_MAIN(TestVlmCli)
#include "test_vlm_cli.moc"
