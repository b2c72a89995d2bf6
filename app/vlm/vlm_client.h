#pragma once
// Chat completions against an OpenAI-compatible server (POST {base}/chat/completions) with one
// image and one instruction, streamed (server-sent events) or not. Bounded in time (connect and
// total limits), in memory (body and event size limits) and in retries (429/503 with
// Retry-After). Reasoning is dropped: "<think>…</think>" in the content and the
// "reasoning_content"/"reasoning" fields servers use for it.
#include <QCoroTask>
#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QStringList>
#include <memory>

#include "app/vlm/vlm_endpoint.h"

class QNetworkAccessManager;

namespace ifedit::app {

class VlmWaker;

struct VlmLimits {
  int connectTimeoutMs = 10'000;   // until the connection is up and the request is on its way
  int totalTimeoutMs = 300'000;    // whole call, retries and their waits included
  // A streamed answer whose events keep coming may run past the total limit (a thinking model on
  // a slow machine), with at most streamSilenceMs between two events and streamMaxMs in all.
  int streamSilenceMs = 60'000;
  int streamMaxMs = 30 * 60'000;
  int maxRetries = 3;              // further attempts after a 429 or 503
  int maxRetryWaitMs = 60'000;     // a longer Retry-After fails instead of waiting
  qint64 maxBodyBytes = 8 << 20;   // response body (or whole stream) after decompression
  qint64 maxEventBytes = 1 << 20;  // one server-sent event
  qint64 maxErrorBodyBytes = 64 << 10;
};

struct VlmChatRequest {
  QString systemPrompt;
  QString userText;
  QByteArray imageDataUrl;  // "data:image/...;base64,..." or empty for text only
  bool stream = true;
  double temperature = 0.3;
  int maxTokens = kDefaultVlmMaxTokens;  // room for a reasoning model's thinking before the answer
};

enum class VlmErrorKind {
  None,
  InvalidRequest,   // nothing sent: no endpoint, no model, client busy
  Connect,          // refused, unknown host, TLS failure, or not sent within the connect limit
  Timeout,          // the total limit passed (or a stream's silence or overall limit)
  Http,             // the server answered with an error status (or asked to wait too long)
  ContentType,      // neither application/json nor text/event-stream
  BadJson,          // body or event is not the JSON of a chat completion
  InvalidUtf8,      // body or event is not valid UTF-8
  TooLarge,         // body or event over its limit
  ConnectionLost,   // the connection ended before the answer was complete
  EmptyAnswer,      // the model produced no prompt text (e.g. it only thought)
  Cancelled,
};

QString vlmErrorKindName(VlmErrorKind kind);

struct VlmResult {
  VlmErrorKind error = VlmErrorKind::None;
  QString errorMessage;  // one line, names the URL and what was expected; never holds the key
  QString text;          // the answer, reasoning removed, trimmed
  QString model;         // as the server reported it (falls back to the requested model)
  QString finishReason;  // "stop", "length", ...
  int httpStatus = 0;    // of the last attempt, 0 when none arrived
  int attempts = 0;
  bool streamed = false;         // the answer came as server-sent events
  bool droppedReasoning = false;  // thinking was present and removed
  QStringList warnings;           // e.g. cut off at max_tokens

  bool ok() const { return error == VlmErrorKind::None; }
};

class VlmClient : public QObject {
  Q_OBJECT
 public:
  explicit VlmClient(QObject* parent = nullptr);
  // Destroying the client while a request runs abandons that request (its task never finishes):
  // cancel() and wait for complete() to return instead.
  ~VlmClient() override;

  void setLimits(const VlmLimits& limits) { m_limits = limits; }
  const VlmLimits& limits() const { return m_limits; }

  // One request at a time; never throws: failures come back in the result. Signals report the
  // answer's text as it arrives.
  QCoro::Task<VlmResult> complete(VlmEndpoint endpoint, VlmChatRequest request);
  // Ends the running request; complete() then returns VlmErrorKind::Cancelled.
  void cancel();
  bool isBusy() const { return m_busy; }

 Q_SIGNALS:
  void textDelta(const QString& delta);  // visible answer text, in order
  void textDiscarded();  // everything delivered so far turned out to be reasoning: clear it
  void progress(const QString& message);  // connecting, waiting, retrying ...

 private:
  QCoro::Task<VlmResult> runAttempt(const VlmEndpoint& endpoint, const VlmChatRequest& request,
                                    const QByteArray& body, qint64 deadlineMs, bool* retryable,
                                    qint64* retryAfterMs);
  QCoro::Task<bool> sleepUnlessCancelled(qint64 ms);  // false when cancelled
  QCoro::Task<> waitForWake(qint64 timeoutMs);
  qint64 elapsedMs() const;

  QNetworkAccessManager* m_nam;
  VlmWaker* m_waker;
  VlmLimits m_limits;
  bool m_busy = false;
  bool m_cancelRequested = false;
  QElapsedTimer m_clock;  // started by complete(); deadlines are offsets on it
};

}  // namespace ifedit::app
