// The chain-of-thought rewrite (issue 5): the VLM client against a real HTTP/1.1 server on
// loopback, the offline template, the prompts, and the rewrite options of ifedit-cli
// (test_vlm_cli runs the binary itself).
#include <QCoroTask>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>

#include "app/vlm/offline_template.h"
#include "app/vlm/prompt_rewriter.h"
#include "app/vlm/prompt_texts.h"
#include "app/vlm/retry_after.h"
#include "app/vlm/rewrite_arguments.h"
#include "app/vlm/sse_parser.h"
#include "app/vlm/think_filter.h"
#include "app/vlm/vlm_client.h"
#include "app/vlm/vlm_endpoint.h"
#include "app/vlm/vlm_image.h"
#include "app/vlm/vlm_protocol.h"
#include "loopback_server.h"

#include <QScopeGuard>
#include <optional>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

using namespace ifedit::app;
using namespace ifedit::test;

namespace {

constexpr char kKey[] = "sk-test-key-8f3a1c";

VlmEndpoint endpointFor(const LoopbackServer& server) {
  VlmEndpoint ep;
  ep.baseUrl = server.baseUrl();
  ep.model = QStringLiteral("requested-model");
  ep.apiKey = QString::fromLatin1(kKey);
  return ep;
}

VlmChatRequest chatRequest(bool stream) {
  VlmChatRequest r;
  r.systemPrompt = QStringLiteral("system text");
  r.userText = QStringLiteral("Edit instruction: remove the cup");
  r.imageDataUrl = prepareVlmImage(QImage(QSize(64, 48), QImage::Format_RGB32)).dataUrl;
  r.stream = stream;
  return r;
}

// Short limits so that every failing case ends within about a second.
VlmLimits testLimits() {
  VlmLimits l;
  l.connectTimeoutMs = 3000;
  l.totalTimeoutMs = 8000;
  l.maxRetries = 2;
  l.maxRetryWaitMs = 3000;
  return l;
}

VlmResult run(VlmClient& client, const VlmEndpoint& ep, const VlmChatRequest& request) {
  return QCoro::waitFor(client.complete(ep, request));
}

QString joined(const QSignalSpy& spy) {
  QString text;
  for (const auto& args : spy) text += args.at(0).toString();
  return text;
}

QImage testImage(int w, int h) {
  QImage image(w, h, QImage::Format_RGB32);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) image.setPixel(x, y, qRgb(x * 255 / w, y * 255 / h, 128));
  return image;
}

QImage decodeDataUrl(const QString& url, QString* mime) {
  const qsizetype comma = url.indexOf(QLatin1Char(','));
  *mime = url.mid(5, url.indexOf(QLatin1Char(';')) - 5);
  return QImage::fromData(QByteArray::fromBase64(url.mid(comma + 1).toLatin1()));
}

// The streamed answer of most cases: role, three pieces, finish, [DONE].
void streamAnswer(QTcpSocket* s, const QStringList& pieces, int gapMs, bool* finalSent = nullptr) {
  startEventStream(s);
  sendChunk(s, sseEvent(deltaJson(QString())));
  int t = 0;
  for (const QString& piece : pieces) {
    t += gapMs;
    later(s, t, [s, piece] { sendChunk(s, sseEvent(deltaJson(piece))); });
  }
  later(s, t + gapMs, [s, finalSent] {
    if (finalSent) *finalSent = true;
    sendChunk(s, sseEvent(deltaJson(QString(), QStringLiteral("stop"))) + sseEvent("[DONE]"));
    endChunks(s);
  });
}

}  // namespace

class TestVlm : public QObject {
  Q_OBJECT
 private Q_SLOTS:
  // --- pieces ---
  void promptResources();
  void endpointsAndPresets();
  void imagePreparation();
  void retryAfterParsing();
  void sseParser();
  void thinkFilterAcrossChunks();
  void offlineTemplate();
  void offlineTemplate_data();
  void offlineTemplateIsDeterministic();
  void offlineTemplateKeepsOnlyWhatTheEditLeaves();

  // --- the client against a loopback server ---
  void streamedSuccessThroughRewriter();
  void plainSuccess();
  void http500();
  void retryAfter429ThenSuccess();
  void retryGivesUp();
  void retryAfterTooLong();
  void slowDripPastTimeout();
  void streamingAnswerMayRunPastTheTotalLimit();
  void resetMidStream();
  void closedBeforeDone();
  void malformedJson();
  void invalidUtf8();
  void oversizedBody();
  void oversizedEvent();
  void wrongContentType();
  void cancelMidStream();
  void destroyedMidStream();
  void thinkTagsAndReasoningDropped();
  void loneCloseTagDiscardsShownText();
  void onlyReasoningIsAnError();
  void connectionRefused();
  void connectLimitWhenServerNeverAccepts();
  void apiKeyNeverInErrors();
  void busyClientRefusesSecondRequest();

  // --- the rewriter and the command line ---
  void rewriterFallsBackOnlyWhenAsked();
  void rewriteArguments();
  void llamaCppStreamErrors();
  void nestedThinkBlocks();
  void longWaitsReadInSeconds();
  void relativeRedirectIsResolved();
  void placeholderKeyLeavesTheAddressReadable();
  void tokenLimitReachesTheServer();
  void wrappedAnswersBecomeThePromptAlone();
  void offlineTemplateReadsGermanAndChineseInstructions();
  void wrappedAnswersBecomeThePromptAlone_data();
};

// ---------------------------------------------------------------------------------------------

void TestVlm::promptResources() {
  const QString system = rewriteSystemPrompt();
  QVERIFY2(system.size() > 200, "rewrite_system.txt is not compiled into :/prompts/");
  QVERIFY(system.contains(QLatin1String("final moment")));
  QVERIFY(system.contains(QLatin1String("Present tense")));
  QVERIFY(system.contains(QLatin1String("prompt only")));
  const QString still = staticVideoPrompt();
  QVERIFY2(still.size() > 80, "static_video.txt is not compiled into :/prompts/");
  QVERIFY(still.contains(QLatin1String("still")));
  QVERIFY(still.contains(QLatin1String("clarity")));
  QVERIFY(rewriteUserText(QStringLiteral("  remove the cup ")).contains(QLatin1String("Edit instruction: remove the cup\n")));
}

void TestVlm::endpointsAndPresets() {
  QCOMPARE(vlmPresets().size(), 3);
  QCOMPARE(findVlmPreset(QStringLiteral("vllm"))->baseUrl, QUrl(QStringLiteral("http://localhost:8000/v1")));
  QCOMPARE(findVlmPreset(QStringLiteral("llamacpp"))->baseUrl, QUrl(QStringLiteral("http://localhost:8080/v1")));
  QCOMPARE(findVlmPreset(QStringLiteral("Ollama"))->baseUrl, QUrl(QStringLiteral("http://localhost:11434/v1")));
  QVERIFY(findVlmPreset(QStringLiteral("nope")) == nullptr);

  QCOMPARE(normalizedVlmBaseUrl(QStringLiteral("http://h:8000")), QUrl(QStringLiteral("http://h:8000/v1")));
  QCOMPARE(normalizedVlmBaseUrl(QStringLiteral(" http://h:8000/v1/ ")), QUrl(QStringLiteral("http://h:8000/v1")));
  QCOMPARE(normalizedVlmBaseUrl(QStringLiteral("https://api.example.com/v1/chat/completions")),
           QUrl(QStringLiteral("https://api.example.com/v1")));
  QCOMPARE(normalizedVlmBaseUrl(QStringLiteral("http://h/openai/v1")), QUrl(QStringLiteral("http://h/openai/v1")));
  QString error;
  QVERIFY(!normalizedVlmBaseUrl(QStringLiteral("localhost:8000"), &error).isValid());
  QVERIFY(error.contains(QLatin1String("http(s) URL")));
  VlmEndpoint ep;
  ep.baseUrl = QUrl(QStringLiteral("http://h:1/v1"));
  QCOMPARE(ep.chatCompletionsUrl(), QUrl(QStringLiteral("http://h:1/v1/chat/completions")));
}

void TestVlm::imagePreparation() {
  QString mime;
  const VlmImage wide = prepareVlmImage(testImage(2048, 1024));
  QCOMPARE(wide.size, QSize(1024, 512));
  QCOMPARE(wide.mimeType, QStringLiteral("image/jpeg"));
  QVERIFY(wide.dataUrl.startsWith("data:image/jpeg;base64,"));
  const QImage back = decodeDataUrl(QString::fromLatin1(wide.dataUrl), &mime);
  QCOMPARE(back.size(), QSize(1024, 512));
  // The downscaled picture is still the picture: corners keep their gradient colours.
  QVERIFY(qAbs(qRed(back.pixel(1020, 10)) - 254) < 12);
  QVERIFY(qAbs(qGreen(back.pixel(10, 508)) - 254) < 12);

  const VlmImage tall = prepareVlmImage(testImage(700, 2100));
  QCOMPARE(tall.size, QSize(341, 1024));
  const VlmImage small = prepareVlmImage(testImage(300, 200));
  QCOMPARE(small.size, QSize(300, 200));
  // A long strip keeps a short side a vision encoder can read (it came out 1024 x 6), its long
  // side growing to at most 4096; a strip already thinner keeps its own.
  QCOMPARE(prepareVlmImage(testImage(30000, 200)).size, QSize(4096, 28));
  QCOMPARE(prepareVlmImage(testImage(5000, 100)).size, QSize(1400, 28));
  QCOMPARE(prepareVlmImage(testImage(20, 30000)).size, QSize(20, 4096));

  QImage alpha(200, 100, QImage::Format_ARGB32);
  alpha.fill(qRgba(255, 0, 0, 128));
  alpha.setPixel(0, 0, qRgba(0, 255, 0, 0));  // green under full transparency: never seen
  const VlmImage png = prepareVlmImage(alpha, 1024, VlmImageEncoding::Png);
  QCOMPARE(png.mimeType, QStringLiteral("image/png"));
  QVERIFY(decodeDataUrl(QString::fromLatin1(png.dataUrl), &mime).hasAlphaChannel());
  QCOMPARE(mime, QStringLiteral("image/png"));
  // By default the VLM sees what the engine sees: transparency flattened onto white (half-
  // transparent red becomes pink, the hidden green white), sent as JPEG.
  const VlmImage automatic = prepareVlmImage(alpha);
  QCOMPARE(automatic.mimeType, QStringLiteral("image/jpeg"));
  const QImage flat = decodeDataUrl(QString::fromLatin1(automatic.dataUrl), &mime);
  QVERIFY(!flat.hasAlphaChannel());
  QVERIFY(qAbs(qGreen(flat.pixel(50, 50)) - 127) < 10);
  QVERIFY(qRed(flat.pixel(0, 0)) > 200);  // not the hidden green

  QVERIFY(prepareVlmImage(QImage()).dataUrl.isEmpty());
  QVERIFY(!prepareVlmImage(QImage()).error.isEmpty());
  QString error;
  QVERIFY(loadImageForVlm(QStringLiteral("/nonexistent/x.png"), &error).isNull());
  QVERIFY(error.contains(QLatin1String("/nonexistent/x.png")));
}

void TestVlm::retryAfterParsing() {
  const QDateTime now(QDate(2015, 10, 21), QTime(7, 27, 0), QTimeZone::utc());
  auto ms = [&](const char* value) { return parseRetryAfterMs(value, now).value_or(-1); };
  QCOMPARE(ms("120"), 120000);
  QCOMPARE(ms(" 0 "), 0);
  QCOMPARE(ms("Wed, 21 Oct 2015 07:28:00 GMT"), 60000);
  QCOMPARE(ms("Wednesday, 21-Oct-15 07:27:30 GMT"), 30000);
  QCOMPARE(ms("Wed Oct 21 07:27:05 2015"), 5000);
  QCOMPARE(ms("Wed, 21 Oct 2015 07:00:00 GMT"), 0);  // in the past: retry now
  QVERIFY(!parseRetryAfterMs("soon", now));
  QVERIFY(!parseRetryAfterMs("-5", now));
  QVERIFY(!parseRetryAfterMs("", now));
}

void TestVlm::sseParser() {
  SseParser parser(64);
  QList<SseEvent> events;
  QString error;
  // CRLF split across chunks, a comment, a multi-line data field, a named event.
  QVERIFY(parser.feed(": keep-alive\r\ndata: {\"a\":", events, &error));
  QVERIFY(events.isEmpty());
  QVERIFY(parser.feed("1}\r", events, &error));
  QVERIFY(parser.feed("\n\r\nevent: error\ndata: x\ndata:y\n\n", events, &error));
  QCOMPARE(events.size(), 2);
  QCOMPARE(events[0].data, QByteArray("{\"a\":1}"));
  QCOMPARE(events[1].type, QByteArray("error"));
  QCOMPARE(events[1].data, QByteArray("x\ny"));
  // A line that never ends is cut off at the bound.
  QVERIFY(!parser.feed(QByteArray(80, 'z'), events, &error));
  QVERIFY(error.contains(QLatin1String("64 bytes")));
  // An unterminated last event still counts at the end of the stream.
  SseParser tail(64);
  events.clear();
  QVERIFY(tail.feed("data: [DONE]", events, &error));
  tail.finish(events);
  QCOMPARE(events.size(), 1);
  QCOMPARE(events[0].data, QByteArray("[DONE]"));
}

void TestVlm::thinkFilterAcrossChunks() {
  ThinkFilter f;
  QString shown;
  for (const char* piece : {"<th", "ink>plan the ", "edit</thi", "nk>\n\nThe cup ", "<", "rises."}) {
    shown += f.feed(QString::fromLatin1(piece)).visible;
  }
  shown += f.finish().visible;
  QCOMPARE(shown, QStringLiteral("The cup <rises."));
  QVERIFY(f.sawThinking());

  ThinkFilter lone;
  QString text = lone.feed(QStringLiteral("I should describe")).visible;
  QCOMPARE(text, QStringLiteral("I should describe"));
  const auto out = lone.feed(QStringLiteral(" it.</think>\nShe opens her hand."));
  QVERIFY(out.discardShown);
  QCOMPARE(out.visible, QStringLiteral("She opens her hand."));

  ThinkFilter plain;
  QCOMPARE(plain.feed(QStringLiteral("a < b and c <t")).visible, QStringLiteral("a < b and c "));
  QCOMPARE(plain.finish().visible, QStringLiteral("<t"));
  QVERIFY(!plain.sawThinking());
}

void TestVlm::offlineTemplate_data() {
  QTest::addColumn<QString>("instruction");
  QTest::addColumn<QString>("kind");
  QTest::addColumn<QStringList>("mustContain");
  QTest::newRow("take out of") << QStringLiteral("Take the paper out of her hand.") << QStringLiteral("remove")
                               << QStringList{QStringLiteral("The paper slowly moves away from her hand"),
                                              QStringLiteral("In the final moment, her hand is left without the paper")};
  QTest::newRow("remove") << QStringLiteral("please remove the cups from the table") << QStringLiteral("remove")
                          << QStringList{QStringLiteral("The cups slowly move away from the table"),
                                         QStringLiteral("the table is left without the cups")};
  QTest::newRow("erase") << QStringLiteral("erase the car") << QStringLiteral("remove")
                         << QStringList{QStringLiteral("In the final moment, the car is completely gone")};
  QTest::newRow("add") << QStringLiteral("Add a red hat to the man") << QStringLiteral("add")
                       << QStringList{QStringLiteral("A red hat gradually appears on the man"),
                                      QStringLiteral("In the final moment, a red hat is clearly visible on the man")};
  QTest::newRow("add plural") << QStringLiteral("put sunglasses on the dog") << QStringLiteral("add")
                              << QStringList{QStringLiteral("Sunglasses gradually appear on the dog"),
                                             QStringLiteral("They settle into place")};
  QTest::newRow("remove two") << QStringLiteral("remove the cat and the dog") << QStringLiteral("remove")
                              << QStringList{QStringLiteral("The cat and the dog slowly"),
                                             QStringLiteral("the cat and the dog are completely gone")};
  QTest::newRow("add two") << QStringLiteral("add a hat and a scarf to the man") << QStringLiteral("add")
                           << QStringList{QStringLiteral("A hat and a scarf gradually appear on the man"),
                                          QStringLiteral("a hat and a scarf are clearly visible")};
  QTest::newRow("one thing of two colours") << QStringLiteral("remove a black and white cat") << QStringLiteral("remove")
                                            << QStringList{QStringLiteral("a black and white cat is completely gone")};
  QTest::newRow("give") << QStringLiteral("give him a beard") << QStringLiteral("add")
                        << QStringList{QStringLiteral("A beard gradually appears on him")};
  QTest::newRow("recolor") << QStringLiteral("Make the car dark blue") << QStringLiteral("recolor")
                           << QStringList{QStringLiteral("The colour of the car begins to shift toward dark blue"),
                                          QStringLiteral("In the final moment, the car is entirely dark blue")};
  QTest::newRow("colour of") << QStringLiteral("change the color of the dress to red") << QStringLiteral("recolor")
                             << QStringList{QStringLiteral("the dress is entirely red")};
  QTest::newRow("replace") << QStringLiteral("replace the dog with a cat") << QStringLiteral("replace")
                           << QStringList{QStringLiteral("The dog begins to transform into a cat"),
                                          QStringLiteral("In the final moment, a cat stands where the dog was")};
  QTest::newRow("turn into") << QStringLiteral("turn the apples into oranges") << QStringLiteral("replace")
                             << QStringList{QStringLiteral("The apples begin to transform into oranges"),
                                            QStringLiteral("oranges stand where the apples were")};
  QTest::newRow("style into") << QStringLiteral("Turn it into a watercolor painting") << QStringLiteral("style")
                              << QStringList{QStringLiteral("take on a watercolor painting"),
                                             QStringLiteral("fully rendered as a watercolor painting")};
  QTest::newRow("style of") << QStringLiteral("redo the photo in the style of Van Gogh") << QStringLiteral("style")
                            << QStringList{QStringLiteral("fully rendered as the style of Van Gogh")};
  QTest::newRow("style suffix") << QStringLiteral("make it anime style") << QStringLiteral("style")
                                << QStringList{QStringLiteral("fully rendered as anime style")};
  QTest::newRow("general") << QStringLiteral("Make her smile") << QStringLiteral("general")
                           << QStringList{QStringLiteral("carry out this edit: make her smile"),
                                          QStringLiteral("In the final moment, the edit is complete")};
}

void TestVlm::offlineTemplate() {
  QFETCH(QString, instruction);
  QFETCH(QString, kind);
  QFETCH(QStringList, mustContain);
  const OfflinePrompt p = offlineEvolutionPrompt(instruction);
  QCOMPARE(editKindName(p.kind), kind);
  for (const QString& s : mustContain) QVERIFY2(p.prompt.contains(s), qPrintable(s + QStringLiteral("\n in: ") + p.prompt));
  // Shape every template keeps: fixed camera first, then the final moment, then what stays.
  QVERIFY(p.prompt.startsWith(QLatin1String("The camera stays fixed")));
  const qsizetype finalAt = p.prompt.indexOf(QLatin1String("In the final moment,"));
  const qsizetype keepAt = p.prompt.indexOf(QLatin1String("Everything else stays unchanged:"));
  QVERIFY(finalAt > 0);
  QVERIFY(keepAt > finalAt);
  QVERIFY(p.prompt.endsWith(QLatin1Char('.')));
  QVERIFY(!p.prompt.contains(QLatin1String("  ")));
  QVERIFY(!p.prompt.contains(QLatin1String("..")));
  if (kind == QLatin1String("style")) {
    QVERIFY(!p.prompt.mid(keepAt).contains(QLatin1String("style")));  // the style is what changes
  } else {
    QVERIFY(p.prompt.mid(keepAt).contains(QLatin1String("lighting")));
  }
}

void TestVlm::offlineTemplateKeepsOnlyWhatTheEditLeaves() {
  const auto keep = [](const OfflinePrompt& p) {
    return p.prompt.mid(p.prompt.indexOf(QLatin1String("Everything else stays unchanged:")));
  };
  // "sky" is a shade of blue too ("sky blue"): here it is the thing recoloured.
  const OfflinePrompt sky = offlineEvolutionPrompt(QStringLiteral("make the sky orange"));
  QCOMPARE(editKindName(sky.kind), QStringLiteral("recolor"));
  QVERIFY2(sky.prompt.contains(QLatin1String("The colour of the sky begins to shift toward orange.")), qPrintable(sky.prompt));
  QVERIFY2(sky.prompt.contains(QLatin1String("the sky is entirely orange")), qPrintable(sky.prompt));
  QVERIFY(!keep(sky).contains(QLatin1String("background")));
  const OfflinePrompt shade = offlineEvolutionPrompt(QStringLiteral("paint the wall sky blue"));
  QVERIFY2(shade.prompt.contains(QLatin1String("the wall is entirely sky blue")), qPrintable(shade.prompt));
  QVERIFY(keep(offlineEvolutionPrompt(QStringLiteral("make the car light blue"))).contains(QLatin1String("the lighting")));
  // What the instruction changes is not promised to stay; the rest still is.
  const OfflinePrompt beach = offlineEvolutionPrompt(QStringLiteral("change the background to a beach"));
  QVERIFY2(!keep(beach).contains(QLatin1String("background")), qPrintable(beach.prompt));
  QVERIFY(keep(beach).contains(QLatin1String("the lighting")));
  const OfflinePrompt night = offlineEvolutionPrompt(QStringLiteral("make it night"));
  QVERIFY2(!keep(night).contains(QLatin1String("lighting")) && !keep(night).contains(QLatin1String("colours")),
           qPrintable(night.prompt));
  QVERIFY(keep(night).contains(QLatin1String("the background and the style of the picture")) ||
          keep(night).contains(QLatin1String("the background, the style of the picture and the camera framing")));
  QVERIFY(keep(offlineEvolutionPrompt(QStringLiteral("remove the background"))).indexOf(QLatin1String("background")) < 0);
}

void TestVlm::offlineTemplateIsDeterministic() {
  const QString a = offlineEvolutionPrompt(QStringLiteral("remove the lamp")).prompt;
  QCOMPARE(offlineEvolutionPrompt(QStringLiteral("remove the lamp")).prompt, a);
  QCOMPARE(offlineEvolutionPrompt(QStringLiteral("  Remove   the lamp. ")).prompt, a);
  QVERIFY(offlineEvolutionPrompt(QStringLiteral("   ")).prompt.isEmpty());
  const RewriteResult r = PromptRewriter::offline(QStringLiteral("remove the lamp"));
  QCOMPARE(r.prompt, a);
  QCOMPARE(r.source, QStringLiteral("offline-template"));
  QVERIFY(!r.fellBack());
}

// ---------------------------------------------------------------------------------------------

void TestVlm::streamedSuccessThroughRewriter() {
  bool finalSent = false;
  LoopbackServer server([&](QTcpSocket* s, const HttpRequest&, int) {
    streamAnswer(s, {QStringLiteral("She loosens her grip; "), QStringLiteral("the paper drifts out of frame. "),
                     QStringLiteral("In the final moment, her hand is empty.")},
                 80, &finalSent);
  });
  QVERIFY(server.isListening());
  PromptRewriter rewriter;
  rewriter.client().setLimits(testLimits());
  QSignalSpy deltas(&rewriter, &PromptRewriter::textDelta);
  bool firstBeforeFinal = false;
  connect(&rewriter, &PromptRewriter::textDelta, this, [&] {
    if (deltas.size() == 1) firstBeforeFinal = !finalSent;  // spy connected first, so it already counted
  });
  RewriteRequest request;
  request.image = testImage(2048, 1536);
  request.instruction = QStringLiteral("take the paper out of her hand");
  request.endpoint = endpointFor(server);
  const RewriteResult r = QCoro::waitFor(rewriter.rewrite(request));
  QVERIFY2(r.ok(), qPrintable(r.errorMessage));
  const QString expected = QStringLiteral(
      "She loosens her grip; the paper drifts out of frame. In the final moment, her hand is empty.");
  QCOMPARE(r.prompt, expected);
  QCOMPARE(r.source, QStringLiteral("vlm"));
  QCOMPARE(r.model, QStringLiteral("test-model"));
  QCOMPARE(joined(deltas), expected);
  QVERIFY(deltas.size() >= 3);
  QVERIFY2(firstBeforeFinal, "tokens were not delivered as they arrived");

  // What went over the wire.
  QCOMPARE(server.requests.size(), 1);
  const HttpRequest& req = server.requests.first();
  QCOMPARE(req.method, QByteArray("POST"));
  QCOMPARE(req.path, QByteArray("/v1/chat/completions"));
  QCOMPARE(req.headers.value("authorization"), QByteArray("Bearer ") + kKey);
  QVERIFY(req.headers.value("content-type").startsWith("application/json"));
  QVERIFY(req.headers.value("accept").contains("text/event-stream"));
  const QJsonObject body = QJsonDocument::fromJson(req.body).object();
  QCOMPARE(body.value(QLatin1String("model")).toString(), QStringLiteral("requested-model"));
  QCOMPARE(body.value(QLatin1String("stream")).toBool(), true);
  const QJsonArray messages = body.value(QLatin1String("messages")).toArray();
  QCOMPARE(messages.size(), 2);
  QCOMPARE(messages[0].toObject().value(QLatin1String("role")).toString(), QStringLiteral("system"));
  QCOMPARE(messages[0].toObject().value(QLatin1String("content")).toString(), rewriteSystemPrompt());
  const QJsonArray parts = messages[1].toObject().value(QLatin1String("content")).toArray();
  QCOMPARE(parts.size(), 2);
  const QString url = parts[0].toObject().value(QLatin1String("image_url")).toObject().value(QLatin1String("url")).toString();
  QVERIFY(url.startsWith(QLatin1String("data:image/jpeg;base64,")));
  QString mime;
  QCOMPARE(decodeDataUrl(url, &mime).size(), QSize(1024, 768));
  QVERIFY(parts[1].toObject().value(QLatin1String("text")).toString().contains(QLatin1String("take the paper out of her hand")));
}

void TestVlm::plainSuccess() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    respond(s, 200, "application/json; charset=utf-8",
            completionJson(QStringLiteral("  The lamp dims and fades away. In the final moment the desk is bare.\n"),
                           QStringLiteral("The user wants the lamp gone.")));
  });
  VlmClient client;
  client.setLimits(testLimits());
  QSignalSpy deltas(&client, &VlmClient::textDelta);
  const VlmResult r = run(client, endpointFor(server), chatRequest(false));
  QVERIFY2(r.ok(), qPrintable(r.errorMessage));
  QCOMPARE(r.text, QStringLiteral("The lamp dims and fades away. In the final moment the desk is bare."));
  QVERIFY(!r.streamed);
  QVERIFY(r.droppedReasoning);
  QCOMPARE(r.finishReason, QStringLiteral("stop"));
  QCOMPARE(r.httpStatus, 200);
  QCOMPARE(r.attempts, 1);
  QCOMPARE(joined(deltas).trimmed(), r.text);
  const QJsonObject body = QJsonDocument::fromJson(server.requests.first().body).object();
  QCOMPARE(body.value(QLatin1String("stream")).toBool(), false);
}

void TestVlm::http500() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    respond(s, 500, "application/json", R"({"error":{"message":"CUDA out of memory","type":"server_error"}})");
  });
  VlmClient client;
  client.setLimits(testLimits());
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::Http);
  QCOMPARE(r.httpStatus, 500);
  QCOMPARE(r.attempts, 1);  // 500 is not retried
  QCOMPARE(server.requests.size(), 1);
  QVERIFY2(r.errorMessage.contains(QLatin1String("HTTP 500")), qPrintable(r.errorMessage));
  QVERIFY(r.errorMessage.contains(QLatin1String("CUDA out of memory")));
  QVERIFY(r.errorMessage.contains(server.baseUrl().toString()));
  QVERIFY(r.text.isEmpty());
}

void TestVlm::retryAfter429ThenSuccess() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int index) {
    if (index == 0) {
      respond(s, 429, "application/json", R"({"error":{"message":"too many requests"}})", {{"Retry-After", "1"}});
    } else {
      streamAnswer(s, {QStringLiteral("The cup rises.")}, 10);
    }
  });
  VlmClient client;
  client.setLimits(testLimits());
  QSignalSpy progress(&client, &VlmClient::progress);
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QVERIFY2(r.ok(), qPrintable(r.errorMessage));
  QCOMPARE(r.text, QStringLiteral("The cup rises."));
  QCOMPARE(r.attempts, 2);
  QCOMPARE(server.requests.size(), 2);
  const qint64 waited = server.requests[1].arrivedMs - server.requests[0].arrivedMs;
  QVERIFY2(waited >= 950, qPrintable(QStringLiteral("retried after %1 ms").arg(waited)));
  QVERIFY2(waited < 4000, qPrintable(QStringLiteral("retried after %1 ms").arg(waited)));
  bool announced = false;
  for (const auto& args : progress) announced |= args.at(0).toString().contains(QLatin1String("retrying in 1 s"));
  QVERIFY(announced);
}

void TestVlm::retryGivesUp() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    respond(s, 503, "text/plain", "model is loading", {{"Retry-After", "0"}});
  });
  VlmClient client;
  VlmLimits limits = testLimits();
  limits.maxRetries = 2;
  client.setLimits(limits);
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::Http);
  QCOMPARE(r.httpStatus, 503);
  QCOMPARE(r.attempts, 3);
  QCOMPARE(server.requests.size(), 3);
  QVERIFY2(r.errorMessage.contains(QLatin1String("gave up after 3 attempts")), qPrintable(r.errorMessage));
  QVERIFY(r.errorMessage.contains(QLatin1String("model is loading")));
}

void TestVlm::retryAfterTooLong() {
  const QByteArray inAnHour =
      QLocale::c().toString(QDateTime::currentDateTimeUtc().addSecs(3600), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'")).toLatin1();
  LoopbackServer server([&](QTcpSocket* s, const HttpRequest&, int) {
    respond(s, 429, "application/json", R"({"error":"quota exceeded"})", {{"Retry-After", inAnHour}});
  });
  VlmClient client;
  client.setLimits(testLimits());
  QElapsedTimer clock;
  clock.start();
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::Http);
  QCOMPARE(r.attempts, 1);
  QVERIFY(clock.elapsed() < 2000);
  QVERIFY2(r.errorMessage.contains(QLatin1String("asked to retry after")), qPrintable(r.errorMessage));
  QVERIFY(r.errorMessage.contains(QLatin1String("quota exceeded")));
}

void TestVlm::slowDripPastTimeout() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    startEventStream(s);
    auto* timer = new QTimer(s);
    const QByteArray event = sseEvent(deltaJson(QStringLiteral("slow")));
    auto pos = std::make_shared<qsizetype>(0);
    QObject::connect(timer, &QTimer::timeout, s, [s, event, pos] {
      sendChunk(s, event.mid(*pos % event.size(), 1));  // one byte per tick, forever
      ++*pos;
    });
    timer->start(40);
  });
  VlmClient client;
  VlmLimits limits = testLimits();
  limits.totalTimeoutMs = 700;
  client.setLimits(limits);
  QElapsedTimer clock;
  clock.start();
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  const qint64 took = clock.elapsed();
  QCOMPARE(r.error, VlmErrorKind::Timeout);
  QVERIFY2(took >= 650 && took < 3000, qPrintable(QStringLiteral("took %1 ms").arg(took)));
  QVERIFY2(r.errorMessage.contains(QLatin1String("0.7 s")), qPrintable(r.errorMessage));
  QVERIFY(r.errorMessage.contains(QLatin1String("bytes had arrived")));
  QTRY_COMPARE_WITH_TIMEOUT(server.disconnects, 1, 2000);  // the client hung up
}

// A thinking model on a slow machine: its events keep coming after the total limit. It may go
// on while it streams, and stops when it falls silent or passes the streamed answer's own limit.
void TestVlm::streamingAnswerMayRunPastTheTotalLimit() {
  // `events` deltas 100 ms apart, then [DONE] (or silence when `finish` is false).
  auto streamer = [](int events, bool finish) {
    return [events, finish](QTcpSocket* s, const HttpRequest&, int) {
      startEventStream(s);
      auto* timer = new QTimer(s);
      auto sent = std::make_shared<int>(0);
      QObject::connect(timer, &QTimer::timeout, s, [s, timer, sent, events, finish] {
        if (*sent < events) {
          sendChunk(s, sseEvent(deltaJson(QStringLiteral("w%1 ").arg(*sent))));
        } else {
          timer->stop();
          if (finish) {
            sendChunk(s, sseEvent("[DONE]"));
            endChunks(s);
          }
        }
        ++*sent;
      });
      timer->start(100);
    };
  };
  VlmLimits limits = testLimits();
  // Silence well above the 100 ms between events: the test server shares the client's thread,
  // so a loaded machine's pause looks like silence (a 450 ms pause failed a 400 ms limit).
  limits.totalTimeoutMs = 500;
  limits.streamSilenceMs = 1500;
  limits.streamMaxMs = 3000;
  // One request against `events` deltas; the result and how long it took.
  auto timed = [&](int events, bool finish, qint64* took) {
    LoopbackServer server(streamer(events, finish));
    VlmClient client;
    client.setLimits(limits);
    QElapsedTimer clock;
    clock.start();
    const VlmResult r = run(client, endpointFor(server), chatRequest(true));
    *took = clock.elapsed();
    return r;
  };
  qint64 took = 0;
  VlmResult r = timed(15, true, &took);  // 1.5 s of events: three times the total limit
  QVERIFY2(r.ok(), qPrintable(r.errorMessage));
  QVERIFY2(r.text.startsWith(QLatin1String("w0 w1")) && r.text.endsWith(QLatin1String("w14")), qPrintable(r.text));

  r = timed(9, false, &took);  // events for 0.9 s, then nothing
  QCOMPARE(r.error, VlmErrorKind::Timeout);
  QVERIFY2(took >= 2300 && took < 4500, qPrintable(QStringLiteral("took %1 ms").arg(took)));
  QVERIFY2(r.errorMessage.contains(QLatin1String("stopped streaming: nothing for 1.5 s after 9 events")),
           qPrintable(r.errorMessage));

  limits.streamMaxMs = 1200;
  r = timed(1000, true, &took);  // streams on and on
  QCOMPARE(r.error, VlmErrorKind::Timeout);
  QVERIFY2(took >= 1150 && took < 2500, qPrintable(QStringLiteral("took %1 ms").arg(took)));
  QVERIFY2(r.errorMessage.contains(QLatin1String("within 1.2 s (the limit for a streamed answer)")),
           qPrintable(r.errorMessage));
}

void TestVlm::resetMidStream() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    startEventStream(s);
    sendChunk(s, sseEvent(deltaJson(QStringLiteral("The cup "))));
    later(s, 60, [s] {
      sendChunk(s, sseEvent(deltaJson(QStringLiteral("begins to"))));
      s->flush();
      later(s, 60, [s] { resetConnection(s); });
    });
  });
  VlmClient client;
  client.setLimits(testLimits());
  QSignalSpy deltas(&client, &VlmClient::textDelta);
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::ConnectionLost);
  QVERIFY2(r.errorMessage.contains(QLatin1String("lost")) || r.errorMessage.contains(QLatin1String("ended")),
           qPrintable(r.errorMessage));
  QVERIFY(r.text.isEmpty());
  QCOMPARE(joined(deltas), QStringLiteral("The cup begins to"));  // shown live, then reported broken
}

void TestVlm::closedBeforeDone() {
  // An orderly close without [DONE] or a finish reason, on a close-delimited stream.
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    writeHead(s, 200, {{"Content-Type", "text/event-stream"}, {"Connection", "close"}});
    s->write(sseEvent(deltaJson(QStringLiteral("Half an answer"))));
    later(s, 50, [s] { s->disconnectFromHost(); });
  });
  VlmClient client;
  client.setLimits(testLimits());
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::ConnectionLost);
  QVERIFY2(r.errorMessage.contains(QLatin1String("[DONE]")), qPrintable(r.errorMessage));
}

void TestVlm::malformedJson() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest& req, int) {
    if (QJsonDocument::fromJson(req.body).object().value(QLatin1String("stream")).toBool()) {
      startEventStream(s);
      sendChunk(s, sseEvent(deltaJson(QStringLiteral("ok "))) + sseEvent("{\"choices\": [ {\"delta\": "));
      later(s, 2000, [s] { endChunks(s); });  // the client must not wait for this
    } else {
      respond(s, 200, "application/json", "{\"choices\": [{\"message\": {\"content\": \"x\"}}");
    }
  });
  VlmClient client;
  client.setLimits(testLimits());
  QElapsedTimer clock;
  clock.start();
  VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::BadJson);
  QVERIFY2(r.errorMessage.contains(QLatin1String("event 2")), qPrintable(r.errorMessage));
  QVERIFY(r.errorMessage.contains(QLatin1String("malformed JSON")));
  QVERIFY(clock.elapsed() < 1500);
  r = run(client, endpointFor(server), chatRequest(false));
  QCOMPARE(r.error, VlmErrorKind::BadJson);
  QVERIFY2(r.errorMessage.contains(QLatin1String("not a chat completion")), qPrintable(r.errorMessage));

  // Valid JSON of the wrong shape is as bad as broken JSON.
  QString error;
  QVERIFY(!parseChatJson(R"({"choices":[{"message":{"content":42}}]})", false, &error));
  QVERIFY(error.contains(QLatin1String("neither text nor null")));
  QVERIFY(!parseChatJson(R"({"object":"list"})", false, &error));
  QVERIFY(error.contains(QLatin1String("choices")));
}

void TestVlm::invalidUtf8() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest& req, int) {
    const QByteArray bad = "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"caf\xc3\x28 \xff\"}}]}";
    if (QJsonDocument::fromJson(req.body).object().value(QLatin1String("stream")).toBool()) {
      startEventStream(s);
      sendChunk(s, sseEvent(bad));
      later(s, 2000, [s] { endChunks(s); });
    } else {
      QByteArray body = completionJson(QStringLiteral("caf\u00e9"));
      body.replace("caf\xc3\xa9", "caf\xe9");  // Latin-1 where UTF-8 belongs
      respond(s, 200, "application/json", body);
    }
  });
  VlmClient client;
  client.setLimits(testLimits());
  VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::InvalidUtf8);
  QVERIFY2(r.errorMessage.contains(QLatin1String("event 1")), qPrintable(r.errorMessage));
  r = run(client, endpointFor(server), chatRequest(false));
  QCOMPARE(r.error, VlmErrorKind::InvalidUtf8);
  QVERIFY(r.errorMessage.contains(QLatin1String("not valid UTF-8")));
}

void TestVlm::oversizedBody() {
  // (1) announced: Content-Length beyond the limit fails before reading the body.
  // (2) unannounced: a close-delimited body that keeps coming is cut off at the limit.
  // (3) a stream of valid events longer than the limit.
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int index) {
    if (index == 0) {
      writeHead(s, 200, {{"Content-Type", "application/json"}, {"Content-Length", "104857600"}});
      s->write("{\"choices\":");
    } else if (index == 1) {
      writeHead(s, 200, {{"Content-Type", "application/json"}, {"Connection", "close"}});
      auto* timer = new QTimer(s);
      QObject::connect(timer, &QTimer::timeout, s, [s] {
        if (s->bytesToWrite() < (256 << 10)) s->write(QByteArray(32 << 10, ' '));
      });
      timer->start(1);
    } else {
      startEventStream(s);
      auto* timer = new QTimer(s);
      const QByteArray event = sseEvent(deltaJson(QString(200, QLatin1Char('w'))));
      QObject::connect(timer, &QTimer::timeout, s, [s, event] {
        if (s->bytesToWrite() < (256 << 10)) sendChunk(s, event.repeated(50));
      });
      timer->start(1);
    }
  });
  VlmClient client;
  VlmLimits limits = testLimits();
  limits.maxBodyBytes = 256 << 10;
  client.setLimits(limits);
  QElapsedTimer clock;
  clock.start();
  VlmResult r = run(client, endpointFor(server), chatRequest(false));
  QCOMPARE(r.error, VlmErrorKind::TooLarge);
  QVERIFY2(r.errorMessage.contains(QLatin1String("announces 104857600 bytes")), qPrintable(r.errorMessage));
  r = run(client, endpointFor(server), chatRequest(false));
  QCOMPARE(r.error, VlmErrorKind::TooLarge);
  QVERIFY2(r.errorMessage.contains(QLatin1String("exceeds the limit of 262144 bytes")), qPrintable(r.errorMessage));
  QSignalSpy deltas(&client, &VlmClient::textDelta);
  r = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::TooLarge);
  QVERIFY(deltas.size() > 10);  // it was streaming fine until the bound
  QVERIFY(clock.elapsed() < 4000);
}

void TestVlm::oversizedEvent() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    startEventStream(s);
    sendChunk(s, "data: {\"choices\":[{\"delta\":{\"content\":\"" + QByteArray(40 << 10, 'a'));
    later(s, 2000, [s] { endChunks(s); });
  });
  VlmClient client;
  VlmLimits limits = testLimits();
  limits.maxEventBytes = 16 << 10;
  client.setLimits(limits);
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::TooLarge);
  QVERIFY2(r.errorMessage.contains(QLatin1String("event exceeds the limit of 16384 bytes")), qPrintable(r.errorMessage));
}

void TestVlm::wrongContentType() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    respond(s, 200, "text/html; charset=utf-8", "<html><body>Open WebUI</body></html>");
  });
  VlmClient client;
  client.setLimits(testLimits());
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::ContentType);
  QVERIFY2(r.errorMessage.contains(QLatin1String("'text/html'")), qPrintable(r.errorMessage));
  QVERIFY(r.errorMessage.contains(QLatin1String("/v1")));
}

void TestVlm::cancelMidStream() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    startEventStream(s);
    sendChunk(s, sseEvent(deltaJson(QStringLiteral("The light "))));
    later(s, 5000, [s] { endChunks(s); });  // stalls; only cancel can end this quickly
  });
  VlmClient client;
  client.setLimits(testLimits());
  connect(&client, &VlmClient::textDelta, this, [&client] { QTimer::singleShot(30, &client, [&client] { client.cancel(); }); });
  QElapsedTimer clock;
  clock.start();
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::Cancelled);
  QVERIFY2(clock.elapsed() < 2000, qPrintable(QStringLiteral("took %1 ms").arg(clock.elapsed())));
  QVERIFY(!client.isBusy());
  QTRY_COMPARE_WITH_TIMEOUT(server.disconnects, 1, 2000);  // the transfer was really aborted
  client.cancel();  // idle: nothing happens
}

// Closing a window mid-rewrite destroys the client, often right after a cancel that has already
// queued a wake-up. The request must end inside the destructor (the client, its waker and the
// reply still exist there), and nothing may resume it afterwards.
void TestVlm::destroyedMidStream() {
  for (const bool cancelFirst : {false, true}) {
    LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
      startEventStream(s);
      sendChunk(s, sseEvent(deltaJson(QStringLiteral("The light "))));
    });
    auto* client = new VlmClient;
    client->setLimits(testLimits());
    std::optional<VlmResult> result;
    QCoro::connect(client->complete(endpointFor(server), chatRequest(true)), this,
                   [&result](const VlmResult& r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(server.requests.size() == 1, 3000);
    QTest::qWait(50);  // the first piece has arrived; the client waits for more
    QVERIFY(client->isBusy() && !result);
    if (cancelFirst) client->cancel();  // queues the wake-up that used to outlive the client
    delete client;
    QVERIFY2(result.has_value(), cancelFirst ? "cancel, then destroy" : "destroy");
    QCOMPARE(result->error, VlmErrorKind::Cancelled);
    QTest::qWait(50);  // a late wake-up would run now
    QTRY_COMPARE_WITH_TIMEOUT(server.disconnects, 1, 2000);  // the transfer was aborted
  }
}

void TestVlm::thinkTagsAndReasoningDropped() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    startEventStream(s);
    QByteArray events;
    events += sseEvent(deltaJson(QString(), {}, "reasoning_content", QStringLiteral("vLLM-style thought")));
    events += sseEvent(deltaJson(QString(), {}, "reasoning", QStringLiteral("Ollama-style thought")));
    sendChunk(s, events);
    const QStringList pieces = {QStringLiteral("<thi"), QStringLiteral("nk>inline thought</th"),
                                QStringLiteral("ink>\n\nThe vase "), QStringLiteral("tips over.")};
    int t = 0;
    for (const QString& p : pieces) later(s, t += 20, [s, p] { sendChunk(s, sseEvent(deltaJson(p))); });
    later(s, t + 20, [s] {
      sendChunk(s, sseEvent(deltaJson(QString(), QStringLiteral("stop"))) + sseEvent("[DONE]"));
      endChunks(s);
    });
  });
  VlmClient client;
  client.setLimits(testLimits());
  QSignalSpy deltas(&client, &VlmClient::textDelta);
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QVERIFY2(r.ok(), qPrintable(r.errorMessage));
  QCOMPARE(r.text, QStringLiteral("The vase tips over."));
  QCOMPARE(joined(deltas), r.text);
  QVERIFY(r.droppedReasoning);
  QVERIFY(!joined(deltas).contains(QLatin1String("thought")));
}

void TestVlm::loneCloseTagDiscardsShownText() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    streamAnswer(s, {QStringLiteral("The user wants"), QStringLiteral(" a calm scene.</think>\n"),
                     QStringLiteral("Snow begins to fall.")},
                 20);
  });
  VlmClient client;
  client.setLimits(testLimits());
  QSignalSpy deltas(&client, &VlmClient::textDelta);
  QSignalSpy discarded(&client, &VlmClient::textDiscarded);
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QVERIFY2(r.ok(), qPrintable(r.errorMessage));
  QCOMPARE(r.text, QStringLiteral("Snow begins to fall."));
  QCOMPARE(discarded.size(), 1);
  QCOMPARE(deltas.first().at(0).toString(), QStringLiteral("The user wants"));
  QCOMPARE(deltas.last().at(0).toString(), QStringLiteral("Snow begins to fall."));
}

void TestVlm::onlyReasoningIsAnError() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    startEventStream(s);
    sendChunk(s, sseEvent(deltaJson(QStringLiteral("<think>still weighing options"))) +
                     sseEvent(deltaJson(QString(), QStringLiteral("length"))) + sseEvent("[DONE]"));
    endChunks(s);
  });
  VlmClient client;
  client.setLimits(testLimits());
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::EmptyAnswer);
  QVERIFY2(r.errorMessage.contains(QLatin1String("only produced reasoning")), qPrintable(r.errorMessage));
  QCOMPARE(r.finishReason, QStringLiteral("length"));
}

void TestVlm::connectionRefused() {
  quint16 port = 0;
  {
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    port = probe.serverPort();
  }
  VlmEndpoint ep;
  ep.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port));
  ep.model = QStringLiteral("m");
  VlmClient client;
  client.setLimits(testLimits());
  QElapsedTimer clock;
  clock.start();
  const VlmResult r = run(client, ep, chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::Connect);
  QVERIFY2(r.errorMessage.contains(QLatin1String("could not connect to http://127.0.0.1:")), qPrintable(r.errorMessage));
  QVERIFY(clock.elapsed() < 2000);

  VlmEndpoint none;
  QCOMPARE(run(client, none, chatRequest(true)).error, VlmErrorKind::InvalidRequest);
  ep.model.clear();
  const VlmResult noModel = run(client, ep, chatRequest(true));
  QCOMPARE(noModel.error, VlmErrorKind::InvalidRequest);
  QVERIFY(noModel.errorMessage.contains(QLatin1String("no model name")));
}

void TestVlm::connectLimitWhenServerNeverAccepts() {
  // A listening socket whose accept queue (backlog 0) is already full: the kernel drops further
  // connection attempts, so the client's connection never comes up.
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  QVERIFY(fd >= 0);
  auto closeFd = qScopeGuard([fd] { ::close(fd); });
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  QVERIFY(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  QVERIFY(::listen(fd, 0) == 0);
  socklen_t len = sizeof addr;
  QVERIFY(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  const quint16 port = ntohs(addr.sin_port);
  std::vector<std::unique_ptr<QTcpSocket>> fillers;
  for (int i = 0; i < 3; ++i) {
    fillers.push_back(std::make_unique<QTcpSocket>());
    fillers.back()->connectToHost(QHostAddress::LocalHost, port);
  }
  QTest::qWait(100);

  VlmEndpoint ep;
  ep.baseUrl = QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port));
  ep.model = QStringLiteral("m");
  VlmClient client;
  VlmLimits limits = testLimits();
  limits.connectTimeoutMs = 400;
  client.setLimits(limits);
  QElapsedTimer clock;
  clock.start();
  const VlmResult r = run(client, ep, chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::Connect);
  QVERIFY2(r.errorMessage.contains(QLatin1String("within 0.4 s")), qPrintable(r.errorMessage));
  QVERIFY2(clock.elapsed() >= 350 && clock.elapsed() < 3000, qPrintable(QStringLiteral("took %1 ms").arg(clock.elapsed())));
}

void TestVlm::apiKeyNeverInErrors() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest& req, int) {
    // Some servers quote the rejected key back.
    const QByteArray key = req.headers.value("authorization").mid(7);
    respond(s, 401, "application/json", R"({"error":{"message":"Incorrect API key provided: )" + key + R"("}})");
  });
  VlmClient client;
  client.setLimits(testLimits());
  QSignalSpy progress(&client, &VlmClient::progress);
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::Http);
  QCOMPARE(r.httpStatus, 401);
  QVERIFY2(!r.errorMessage.contains(QLatin1String(kKey)), qPrintable(r.errorMessage));
  QVERIFY(r.errorMessage.contains(QLatin1String("Incorrect API key provided: ***")));
  QVERIFY(r.errorMessage.contains(QLatin1String("check the API key")));
  for (const auto& args : progress) QVERIFY(!args.at(0).toString().contains(QLatin1String(kKey)));
  // Nor does the key travel anywhere but the header.
  QVERIFY(!server.requests.first().body.contains(kKey));
}

void TestVlm::busyClientRefusesSecondRequest() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    startEventStream(s);
    later(s, 5000, [s] { endChunks(s); });
  });
  VlmClient client;
  client.setLimits(testLimits());
  auto first = client.complete(endpointFor(server), chatRequest(true));
  QVERIFY(client.isBusy());
  const VlmResult second = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(second.error, VlmErrorKind::InvalidRequest);
  QVERIFY(second.errorMessage.contains(QLatin1String("already running")));
  QTimer::singleShot(50, &client, [&client] { client.cancel(); });
  QCOMPARE(QCoro::waitFor(first).error, VlmErrorKind::Cancelled);
}

// ---------------------------------------------------------------------------------------------

void TestVlm::rewriterFallsBackOnlyWhenAsked() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    respond(s, 500, "application/json", R"({"error":"backend crashed"})");
  });
  PromptRewriter rewriter;
  rewriter.client().setLimits(testLimits());
  RewriteRequest request;
  request.image = testImage(64, 64);
  request.instruction = QStringLiteral("remove the lamp");
  request.endpoint = endpointFor(server);

  RewriteResult r = QCoro::waitFor(rewriter.rewrite(request));
  QVERIFY(!r.ok());
  QCOMPARE(r.error, VlmErrorKind::Http);
  QVERIFY(r.errorMessage.contains(QLatin1String("backend crashed")));
  QVERIFY(r.source.isEmpty());

  request.fallbackOnFailure = true;
  r = QCoro::waitFor(rewriter.rewrite(request));
  QVERIFY(r.ok());
  QCOMPARE(r.source, QStringLiteral("offline-template"));
  QVERIFY(r.fellBack());
  QCOMPARE(r.error, VlmErrorKind::Http);
  QCOMPARE(r.prompt, offlineEvolutionPrompt(request.instruction).prompt);

  // No endpoint configured: the template answers, and nothing is sent.
  const qsizetype sentBefore = server.requests.size();
  request.endpoint = VlmEndpoint{};
  request.fallbackOnFailure = false;
  r = QCoro::waitFor(rewriter.rewrite(request));
  QCOMPARE(r.source, QStringLiteral("offline-template"));
  QVERIFY(!r.fellBack());
  QCOMPARE(server.requests.size(), sentBefore);

  request.instruction = QStringLiteral("  ");
  QCOMPARE(QCoro::waitFor(rewriter.rewrite(request)).error, VlmErrorKind::InvalidRequest);
}

void TestVlm::rewriteArguments() {
  QTemporaryDir dir;
  const QString imagePath = dir.filePath(QStringLiteral("in.jpg"));
  QVERIFY(testImage(40, 30).save(imagePath));
  const QString keyPath = dir.filePath(QStringLiteral("key"));
  {
    QFile f(keyPath);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("  sk-abc  \n");
  }
  qunsetenv("IFEDIT_VLM_ENDPOINT");
  qunsetenv("IFEDIT_VLM_MODEL");
  qunsetenv("IFEDIT_VLM_API_KEY_FILE");
  auto parse = [&](QStringList args, RewriteArguments* out, QString* error) {
    return takeRewriteArguments(args, out, error) ? args : QStringList{QStringLiteral("<failed>")};
  };
  RewriteArguments a;
  QString error;
  const QStringList rest = parse({QStringLiteral("--image"), imagePath, QStringLiteral("--instruction=remove the cup"),
                                  QStringLiteral("--endpoint"), QStringLiteral("http://127.0.0.1:9/"),
                                  QStringLiteral("--model"), QStringLiteral("m1"), QStringLiteral("--api-key-file"),
                                  keyPath, QStringLiteral("--no-stream"), QStringLiteral("--timeout"),
                                  QStringLiteral("2.5"), QStringLiteral("--frames"), QStringLiteral("33")},
                                 &a, &error);
  QCOMPARE(rest, (QStringList{QStringLiteral("--frames"), QStringLiteral("33")}));  // left for `edit`
  QCOMPARE(a.request.instruction, QStringLiteral("remove the cup"));
  QCOMPARE(a.request.image.size(), QSize(40, 30));
  QCOMPARE(a.request.endpoint.baseUrl, QUrl(QStringLiteral("http://127.0.0.1:9/v1")));
  QCOMPARE(a.request.endpoint.model, QStringLiteral("m1"));
  QCOMPARE(a.request.endpoint.apiKey, QStringLiteral("sk-abc"));
  QVERIFY(!a.request.stream);
  QCOMPARE(a.limits.totalTimeoutMs, 2500);
  QCOMPARE(a.request.endpoint.maxTokens, kDefaultVlmMaxTokens);
  RewriteArguments tokens;
  QVERIFY(parse({QStringLiteral("--image"), imagePath, QStringLiteral("--instruction"), QStringLiteral("x"),
                 QStringLiteral("--max-tokens"), QStringLiteral("8192")},
                &tokens, &error)
              .isEmpty());
  QCOMPARE(tokens.request.endpoint.maxTokens, 8192);

  RewriteArguments preset;
  QVERIFY(parse({QStringLiteral("--image"), imagePath, QStringLiteral("--instruction"), QStringLiteral("x"),
                 QStringLiteral("--endpoint"), QStringLiteral("ollama")},
                &preset, &error)
              .isEmpty());
  QCOMPARE(preset.request.endpoint.baseUrl, QUrl(QStringLiteral("http://localhost:11434/v1")));
  QVERIFY(!preset.request.endpoint.model.isEmpty());

  RewriteArguments offline;
  QVERIFY(parse({QStringLiteral("--image"), imagePath, QStringLiteral("--instruction"), QStringLiteral("x"),
                 QStringLiteral("--offline")},
                &offline, &error)
              .isEmpty());
  QVERIFY(offline.request.offline);
  QVERIFY(!offline.request.endpoint.isConfigured());

  struct Bad {
    QStringList args;
    const char* mentions;
  };
  const QList<Bad> bad = {
      {{QStringLiteral("--image"), imagePath}, "--instruction"},
      {{QStringLiteral("--instruction"), QStringLiteral("x")}, "--image"},
      {{QStringLiteral("--image"), dir.filePath(QStringLiteral("none.png")), QStringLiteral("--instruction"),
        QStringLiteral("x")},
       "none.png"},
      {{QStringLiteral("--image"), imagePath, QStringLiteral("--instruction"), QStringLiteral("x"),
        QStringLiteral("--endpoint"), QStringLiteral("http://h:1/v1")},
       "--model"},
      {{QStringLiteral("--image"), imagePath, QStringLiteral("--instruction"), QStringLiteral("x"),
        QStringLiteral("--endpoint"), QStringLiteral("ftp://h")},
       "--endpoint"},
      {{QStringLiteral("--image"), imagePath, QStringLiteral("--instruction"), QStringLiteral("x"),
        QStringLiteral("--endpoint"), QStringLiteral("vllm"), QStringLiteral("--api-key-file"),
        dir.filePath(QStringLiteral("missing"))},
       "cannot read the API key file"},
      {{QStringLiteral("--image"), imagePath, QStringLiteral("--instruction"), QStringLiteral("x"),
        QStringLiteral("--timeout"), QStringLiteral("soon")},
       "--timeout"},
      {{QStringLiteral("--image"), imagePath, QStringLiteral("--instruction")}, "needs a value"},
      {{QStringLiteral("--image"), imagePath, QStringLiteral("--instruction"), QStringLiteral("x"),
        QStringLiteral("--max-tokens"), QStringLiteral("12")},
       "--max-tokens expects a whole number in 256..131072"},
  };
  for (const Bad& b : bad) {
    RewriteArguments out;
    error.clear();
    QCOMPARE(parse(b.args, &out, &error), QStringList{QStringLiteral("<failed>")});
    QVERIFY2(error.contains(QLatin1String(b.mentions)), qPrintable(error));
  }
}

// llama.cpp's server (2025 builds) reports a failure inside a 200 stream as "error: {json}" and
// then "data: [DONE]": the server's reason, not "an empty answer", nor the text before it.
void TestVlm::llamaCppStreamErrors() {
  for (const bool withText : {false, true}) {
    LoopbackServer server([withText](QTcpSocket* s, const HttpRequest&, int) {
      startEventStream(s);
      QByteArray body;
      if (withText) body += sseEvent(deltaJson(QStringLiteral("The cup slowly lifts off")));
      body += "error: {\"code\":400,\"message\":\"the request exceeds the available context size, try increasing "
              "it\",\"type\":\"exceed_context_size_error\"}\n\n";
      body += sseEvent("[DONE]");
      sendChunk(s, body);
      endChunks(s);
    });
    VlmClient client;
    client.setLimits(testLimits());
    const VlmResult r = run(client, endpointFor(server), chatRequest(true));
    QCOMPARE(r.error, VlmErrorKind::Http);
    QVERIFY2(r.errorMessage.contains(QLatin1String("exceeds the available context size")), qPrintable(r.errorMessage));
    QVERIFY(r.text.isEmpty());
  }
}

void TestVlm::nestedThinkBlocks() {
  ThinkFilter f;
  QString shown;
  for (const char* piece : {"<think>a <thi", "nk>b</think> c</th", "ink>The cup rises."}) shown += f.feed(QString::fromLatin1(piece)).visible;
  shown += f.finish().visible;
  QCOMPARE(shown, QStringLiteral("The cup rises."));
  QVERIFY(!f.insideThink());
}

void TestVlm::longWaitsReadInSeconds() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    respond(s, 429, "application/json", R"({"error":"quota exceeded"})", {{"Retry-After", "3600"}});
  });
  VlmClient client;
  client.setLimits(testLimits());
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QVERIFY2(r.errorMessage.contains(QLatin1String("retry after 3600 s")), qPrintable(r.errorMessage));
  QVERIFY(!r.errorMessage.contains(QLatin1String("e+")));
}

void TestVlm::relativeRedirectIsResolved() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    respond(s, 307, "text/plain", "moved", {{"Location", "/elsewhere/v1/chat/completions"}});
  });
  VlmClient client;
  client.setLimits(testLimits());
  const VlmResult r = run(client, endpointFor(server), chatRequest(true));
  QCOMPARE(r.error, VlmErrorKind::Http);
  const QString target = QStringLiteral("http://127.0.0.1:%1/elsewhere/v1/chat/completions").arg(server.baseUrl().port());
  QVERIFY2(r.errorMessage.contains(QStringLiteral("redirected to ") + target), qPrintable(r.errorMessage));
}

// Ollama's documented placeholder key is "ollama", often its host name too: the address in a
// message stays readable, while text quoted from the server is still masked.
void TestVlm::placeholderKeyLeavesTheAddressReadable() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    respond(s, 500, "application/json", R"({"error":{"message":"bad key v1"}})");
  });
  VlmClient client;
  client.setLimits(testLimits());
  VlmEndpoint ep = endpointFor(server);
  ep.apiKey = QStringLiteral("v1");
  const VlmResult r = run(client, ep, chatRequest(true));
  QVERIFY2(r.errorMessage.contains(server.baseUrl().toString() + QStringLiteral("/chat/completions")),
           qPrintable(r.errorMessage));
  QVERIFY2(r.errorMessage.contains(QLatin1String("bad key ***")), qPrintable(r.errorMessage));
  // A key that contains the host name (a compose service "qwen", key "qwen-team-secret") is masked.
  LoopbackServer echo([](QTcpSocket* s, const HttpRequest& req, int) {
    respond(s, 401, "application/json",
            R"({"error":{"message":"Incorrect API key provided: )" + req.headers.value("authorization").mid(7) + R"("}})");
  });
  VlmEndpoint hostKey = endpointFor(echo);
  hostKey.apiKey = QStringLiteral("127.0.0.1-team-secret");
  const VlmResult masked = run(client, hostKey, chatRequest(true));
  QVERIFY2(!masked.errorMessage.contains(QLatin1String("team-secret")), qPrintable(masked.errorMessage));
  QVERIFY(masked.errorMessage.contains(QLatin1String("Incorrect API key provided: ***")));
}

// The token budget is a setting: it reaches the request, and the messages name where to raise it.
void TestVlm::tokenLimitReachesTheServer() {
  LoopbackServer server([](QTcpSocket* s, const HttpRequest&, int) {
    startEventStream(s);
    sendChunk(s, sseEvent(deltaJson(QStringLiteral("<think>weighing"))) +
                     sseEvent(deltaJson(QString(), QStringLiteral("length"))) + sseEvent("[DONE]"));
    endChunks(s);
  });
  PromptRewriter rewriter;
  rewriter.client().setLimits(testLimits());
  RewriteRequest request;
  request.image = testImage(64, 48);
  request.instruction = QStringLiteral("remove the cup");
  request.endpoint = endpointFor(server);
  request.endpoint.maxTokens = 8192;
  const RewriteResult r = QCoro::waitFor(rewriter.rewrite(request));
  QCOMPARE(r.error, VlmErrorKind::EmptyAnswer);
  QVERIFY2(r.errorMessage.contains(QLatin1String("max_tokens 8192")) && r.errorMessage.contains(QLatin1String("--max-tokens")),
           qPrintable(r.errorMessage));
  QCOMPARE(QJsonDocument::fromJson(server.requests.first().body).object().value(QLatin1String("max_tokens")).toInt(), 8192);
}

// Models often wrap the prompt they were asked to give alone: in quotes, in a code fence, behind a
// "Prompt:" label or a line introducing it. The panel (and Wan) get the prompt itself; a prompt
// that merely quotes something inside keeps its quotes.
void TestVlm::wrappedAnswersBecomeThePromptAlone_data() {
  QTest::addColumn<QString>("answer");
  QTest::addColumn<QString>("prompt");
  const QString p = QStringLiteral("She loosens her grip and the paper drifts away. In the final moment, her hand is empty.");
  QTest::newRow("plain") << p << p;
  QTest::newRow("double quotes") << QStringLiteral("\"%1\"").arg(p) << p;
  QTest::newRow("curly quotes") << QStringLiteral("\u201c%1\u201d").arg(p) << p;
  QTest::newRow("German quotes") << QStringLiteral("\u201e%1\u201c").arg(p) << p;
  QTest::newRow("code fence") << QStringLiteral("```\n%1\n```").arg(p) << p;
  QTest::newRow("code fence with language") << QStringLiteral("```text\n%1\n```").arg(p) << p;
  QTest::newRow("label") << QStringLiteral("Prompt: %1").arg(p) << p;
  QTest::newRow("bold label") << QStringLiteral("**Temporal prompt:** %1").arg(p) << p;
  QTest::newRow("label and quotes") << QStringLiteral("Prompt: \"%1\"").arg(p) << p;
  QTest::newRow("introducing line") << QStringLiteral("Here is the temporal prompt for the video:\n\n%1").arg(p) << p;
  QTest::newRow("Chinese label") << QStringLiteral("\u63d0\u793a\u8bcd\uff1a%1").arg(p) << p;
  const QString quoting = QStringLiteral("\"Open\" lights up on the sign above the door, the rest stays \"as is\"");
  QTest::newRow("quotes inside") << quoting << quoting;
  const QString colon = QStringLiteral("The scene: a quiet street. The lamps light up one by one.");
  QTest::newRow("colon in a sentence") << colon << colon;
}

void TestVlm::wrappedAnswersBecomeThePromptAlone() {
  QFETCH(QString, answer);
  QFETCH(QString, prompt);
  LoopbackServer server([&](QTcpSocket* s, const HttpRequest&, int) {
    // Streamed in small pieces, so no wrapper arrives whole in one chunk.
    QStringList pieces;
    for (qsizetype i = 0; i < answer.size(); i += 7) pieces << answer.mid(i, 7);
    streamAnswer(s, pieces, 5);
  });
  PromptRewriter rewriter;
  rewriter.client().setLimits(testLimits());
  RewriteRequest request;
  request.image = testImage(64, 48);
  request.instruction = QStringLiteral("take the paper out of her hand");
  request.endpoint = endpointFor(server);
  const RewriteResult r = QCoro::waitFor(rewriter.rewrite(request));
  QVERIFY2(r.ok(), qPrintable(r.errorMessage));
  QCOMPARE(r.prompt, prompt);
}

// The interface speaks German and Chinese, so instructions come in them too: the template cannot
// rephrase them, but it must not promise Wan that what they change stays the same ("make it
// night" ending in "the lighting stays unchanged" asks for both at once).
void TestVlm::offlineTemplateReadsGermanAndChineseInstructions() {
  const auto keep = [](const QString& instruction) {
    const QString p = offlineEvolutionPrompt(instruction).prompt;
    return p.mid(p.indexOf(QLatin1String("Everything else stays unchanged:")));
  };
  const struct {
    const char* instruction;
    const char* changed;
  } cases[] = {
      {"Mach es Nacht", "the lighting"},
      {"Lass die Stra\u00dfenlaternen leuchten", "the lighting"},
      {"Ersetze den Hintergrund durch einen Strand", "the background"},
      {"F\u00e4rbe das Auto rot", "the colours"},
      {"Verwandle das Foto in ein Aquarell", "the style of the picture"},
      {"\u628a\u80cc\u666f\u6362\u6210\u6d77\u6ee9", "the background"},        // 把背景换成海滩
      {"\u53d8\u6210\u591c\u665a", "the lighting"},                            // 变成夜晚
      {"\u628a\u6c7d\u8f66\u53d8\u6210\u7ea2\u8272", "the colours"},          // 把汽车变成红色
      {"\u53d8\u6210\u6c34\u5f69\u753b\u98ce\u683c", "the style of the picture"},  // 变成水彩画风格
  };
  for (const auto& c : cases) {
    const QString instruction = QString::fromUtf8(c.instruction);
    const QString kept = keep(instruction);
    QVERIFY2(kept.startsWith(QLatin1String("Everything else stays unchanged:")), qPrintable(instruction));
    QVERIFY2(!kept.contains(QLatin1String(c.changed)), qPrintable(instruction + QStringLiteral(" -> ") + kept));
  }
  // What they do not touch is still promised.
  QVERIFY(keep(QStringLiteral("Mach es Nacht")).contains(QLatin1String("the background")));
  QVERIFY(keep(QStringLiteral("\u628a\u80cc\u666f\u6362\u6210\u6d77\u6ee9")).contains(QLatin1String("the lighting")));
}

QTEST_MAIN(TestVlm)
#include "test_vlm.moc"
