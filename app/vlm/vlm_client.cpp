#include "app/vlm/vlm_client.h"

#include <QDateTime>
#include <QHostAddress>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QScopeGuard>
#include <QTimer>
#include <algorithm>
#include <climits>
#include <coroutine>
#include <memory>
#include <utility>

#include "app/app_info.h"
#include "app/vlm/retry_after.h"
#include "app/vlm/sse_parser.h"
#include "app/vlm/think_filter.h"
#include "app/vlm/vlm_protocol.h"

namespace ifedit::app {

// Wakes the request coroutine when anything it waits for happens (bytes, headers, end of the
// reply, cancel) or when its deadline passes. The resumption is posted to the waker itself, not
// to an object of the awaiting frame (as QCoro's signal awaiter does): if the client is destroyed
// first, the posted event dies with it instead of resuming a coroutine whose client is gone; and
// it resumes whoever waits when it is delivered, never an awaiter that has finished.
class VlmWaker : public QObject {
  Q_OBJECT
 public:
  struct Awaiter {
    VlmWaker* waker;
    bool await_ready() const noexcept { return false; }
    void await_suspend(std::coroutine_handle<> waiting) noexcept { waker->m_waiting = waiting; }
    void await_resume() const noexcept {}
  };

  explicit VlmWaker(QObject* parent) : QObject(parent) {
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &VlmWaker::poke);
  }
  // Suspends the caller until poke() or until timeoutMs (< 0: no limit) has passed.
  Awaiter wait(qint64 timeoutMs) {
    m_armed = true;
    if (timeoutMs >= 0) m_timer.start(int(std::clamp<qint64>(timeoutMs, 0, INT_MAX)));
    return Awaiter{this};
  }
  void poke() {
    if (!m_armed) return;
    m_armed = false;
    m_timer.stop();
    QMetaObject::invokeMethod(this, &VlmWaker::resumeWaiting, Qt::QueuedConnection);
  }
  bool hasWaiting() const { return bool(m_waiting); }
  // Resumes the waiting coroutine now, on this call's stack.
  void resumeWaiting() {
    m_armed = false;
    m_timer.stop();
    if (auto waiting = std::exchange(m_waiting, {})) waiting.resume();
  }

 private:
  QTimer m_timer;
  bool m_armed = false;
  std::coroutine_handle<> m_waiting;
};

namespace {

// Ends a reply when the attempt returns, whatever the path: the waker's connections go first
// (they capture the coroutine's locals), then an unfinished transfer is aborted.
struct DeleteReplyLater {
  QObject* waker = nullptr;
  void operator()(QNetworkReply* reply) const {
    if (!reply) return;
    QObject::disconnect(reply, nullptr, waker, nullptr);
    if (!reply->isFinished()) reply->abort();
    reply->deleteLater();
  }
};
using ReplyOwner = std::unique_ptr<QNetworkReply, DeleteReplyLater>;

bool isLoopbackHost(const QString& host) {
  if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0) return true;
  const QHostAddress address(host);
  return !address.isNull() && address.isLoopback();
}

// "0.25 s", "60 s", "3600 s" (never "3.6e+03 s").
QString seconds(qint64 ms) {
  QString text = QString::number(double(ms) / 1000.0, 'f', 3);
  while (text.endsWith(QLatin1Char('0'))) text.chop(1);
  if (text.endsWith(QLatin1Char('.'))) text.chop(1);
  return text + QStringLiteral(" s");
}

enum class BodyMode { Undecided, Events, Json, ErrorBody };

}  // namespace

QString vlmErrorKindName(VlmErrorKind kind) {
  switch (kind) {
    case VlmErrorKind::None: return QStringLiteral("none");
    case VlmErrorKind::InvalidRequest: return QStringLiteral("invalid-request");
    case VlmErrorKind::Connect: return QStringLiteral("connect");
    case VlmErrorKind::Timeout: return QStringLiteral("timeout");
    case VlmErrorKind::Http: return QStringLiteral("http");
    case VlmErrorKind::ContentType: return QStringLiteral("content-type");
    case VlmErrorKind::BadJson: return QStringLiteral("bad-json");
    case VlmErrorKind::InvalidUtf8: return QStringLiteral("invalid-utf8");
    case VlmErrorKind::TooLarge: return QStringLiteral("too-large");
    case VlmErrorKind::ConnectionLost: return QStringLiteral("connection-lost");
    case VlmErrorKind::EmptyAnswer: return QStringLiteral("empty-answer");
    case VlmErrorKind::Cancelled: return QStringLiteral("cancelled");
  }
  return QStringLiteral("unknown");
}

VlmClient::VlmClient(QObject* parent)
    : QObject(parent), m_nam(new QNetworkAccessManager(this)), m_waker(new VlmWaker(this)) {
  // Never follow redirects: they would carry the Authorization header to wherever they point.
  m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

VlmClient::~VlmClient() {
  // A request still running is unwound here, while the waker, the network manager and the reply
  // still exist: it sees the cancel and returns, so its frames end and nothing resumes later. Each
  // wake ends one wait; a cancelled request needs at most one per coroutine level.
  m_cancelRequested = true;
  for (int i = 0; i < 8 && m_waker->hasWaiting(); ++i) m_waker->resumeWaiting();
}

qint64 VlmClient::elapsedMs() const { return m_clock.elapsed(); }

void VlmClient::cancel() {
  if (!m_busy) return;
  m_cancelRequested = true;
  m_waker->poke();
}

QCoro::Task<> VlmClient::waitForWake(qint64 timeoutMs) {
  co_await m_waker->wait(timeoutMs);
}

QCoro::Task<bool> VlmClient::sleepUnlessCancelled(qint64 ms) {
  const qint64 until = elapsedMs() + ms;
  while (!m_cancelRequested && elapsedMs() < until) co_await waitForWake(until - elapsedMs());
  co_return !m_cancelRequested;
}

QCoro::Task<VlmResult> VlmClient::complete(VlmEndpoint endpoint, VlmChatRequest request) {
  VlmResult result;
  result.model = endpoint.model;
  if (m_busy) {
    result.error = VlmErrorKind::InvalidRequest;
    result.errorMessage = QStringLiteral("the VLM client is already running a request");
    co_return result;
  }
  if (!endpoint.isConfigured()) {
    result.error = VlmErrorKind::InvalidRequest;
    result.errorMessage = QStringLiteral("no VLM endpoint is configured");
    co_return result;
  }
  if (endpoint.model.trimmed().isEmpty()) {
    result.error = VlmErrorKind::InvalidRequest;
    result.errorMessage =
        QStringLiteral("no model name for the VLM endpoint %1 (the server's model id, e.g. %2)")
            .arg(endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo), vlmPresets().first().suggestedModel);
    co_return result;
  }
  m_busy = true;
  m_cancelRequested = false;
  auto busyGuard = qScopeGuard([this] { m_busy = false; });
  m_clock.start();
  m_nam->setProxy(isLoopbackHost(endpoint.baseUrl.host()) ? QNetworkProxy(QNetworkProxy::NoProxy)
                                                           : QNetworkProxy(QNetworkProxy::DefaultProxy));
  const QByteArray body = chatRequestJson(endpoint, request);
  const qint64 deadline = m_limits.totalTimeoutMs;
  for (int attempt = 1;; ++attempt) {
    bool retryable = false;
    qint64 retryAfterMs = -1;
    Q_EMIT progress(attempt == 1 ? QStringLiteral("sending the request to %1 (model %2)")
                                        .arg(endpoint.chatCompletionsUrl().toDisplayString(QUrl::RemoveUserInfo),
                                             endpoint.model)
                                  : QStringLiteral("attempt %1").arg(attempt));
    VlmResult r = co_await runAttempt(endpoint, request, body, deadline, &retryable, &retryAfterMs);
    r.attempts = attempt;
    if (r.model.isEmpty()) r.model = endpoint.model;
    if (!retryable) co_return r;
    if (attempt > m_limits.maxRetries) {
      r.errorMessage += QStringLiteral(" (gave up after %1 attempts)").arg(attempt);
      co_return r;
    }
    // Without Retry-After: 1 s, 2 s, 4 s, ... capped at 8 s.
    const qint64 waitMs = retryAfterMs >= 0 ? retryAfterMs : std::min<qint64>(8000, 1000LL << (attempt - 1));
    if (waitMs > m_limits.maxRetryWaitMs) {
      r.errorMessage += QStringLiteral("; it asked to retry after %1, longer than the %2 this client waits")
                            .arg(seconds(waitMs), seconds(m_limits.maxRetryWaitMs));
      co_return r;
    }
    if (elapsedMs() + waitMs >= deadline) {
      r.error = VlmErrorKind::Timeout;
      r.errorMessage += QStringLiteral("; retrying after %1 would pass the time limit of %2")
                            .arg(seconds(waitMs), seconds(deadline));
      co_return r;
    }
    Q_EMIT progress(QStringLiteral("server busy (HTTP %1), retrying in %2 (attempt %3 of %4)")
                        .arg(r.httpStatus)
                        .arg(seconds(waitMs))
                        .arg(attempt + 1)
                        .arg(m_limits.maxRetries + 1));
    if (!co_await sleepUnlessCancelled(waitMs)) {
      VlmResult cancelled;
      cancelled.error = VlmErrorKind::Cancelled;
      cancelled.errorMessage = QStringLiteral("cancelled while waiting to retry");
      cancelled.model = endpoint.model;
      cancelled.attempts = attempt;
      cancelled.httpStatus = r.httpStatus;
      co_return cancelled;
    }
  }
}

QCoro::Task<VlmResult> VlmClient::runAttempt(const VlmEndpoint& endpoint, const VlmChatRequest& request,
                                             const QByteArray& body, qint64 deadlineMs, bool* retryable,
                                             qint64* retryAfterMs) {
  const QUrl url = endpoint.chatCompletionsUrl();
  const QString where = url.toDisplayString(QUrl::RemoveUserInfo);
  const QString key = endpoint.apiKey;
  VlmResult result;
  result.streamed = request.stream;
  // Error text can quote the server, and servers sometimes echo the key they rejected. The
  // address stays readable: a placeholder key such as "ollama" or "v1" is often part of it.
  auto fail = [&](VlmErrorKind kind, QString message) {
    if (!key.isEmpty()) {
      const QString host = url.host();
      if (where.contains(key)) {  // "ollama" at http://ollama:11434: keep the address, mask the rest
        message.replace(where, QStringLiteral("\x01"));
        if (!host.isEmpty()) message.replace(host, QStringLiteral("\x02"));
        message.replace(key, QStringLiteral("***"));
        message.replace(QStringLiteral("\x02"), host).replace(QStringLiteral("\x01"), where);
      } else {
        message.replace(key, QStringLiteral("***"));
      }
    }
    result.error = kind;
    result.errorMessage = message;
    result.text.clear();
    return result;
  };

  QNetworkRequest netRequest(url);
  netRequest.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
  netRequest.setRawHeader("Accept", request.stream ? QByteArrayLiteral("text/event-stream, application/json")
                                                   : QByteArrayLiteral("application/json"));
  netRequest.setHeader(QNetworkRequest::UserAgentHeader,
                       QStringLiteral("IF-Edit-Studio/%1").arg(applicationVersion()));
  if (!key.isEmpty()) netRequest.setRawHeader("Authorization", "Bearer " + key.toUtf8());
  netRequest.setAttribute(QNetworkRequest::Http2AllowedAttribute, false);
  netRequest.setAttribute(QNetworkRequest::CacheLoadControlAttribute, QNetworkRequest::AlwaysNetwork);

  ReplyOwner reply(m_nam->post(netRequest, body), DeleteReplyLater{m_waker});
  reply->setReadBufferSize(std::max<qint64>(64 << 10, m_limits.maxEventBytes));
  bool sent = false;
  connect(reply.get(), &QNetworkReply::requestSent, m_waker, [&sent, this] {
    sent = true;
    m_waker->poke();
  });
  connect(reply.get(), &QNetworkReply::readyRead, m_waker, &VlmWaker::poke);
  connect(reply.get(), &QNetworkReply::metaDataChanged, m_waker, &VlmWaker::poke);
  connect(reply.get(), &QNetworkReply::finished, m_waker, &VlmWaker::poke);

  const qint64 attemptStart = elapsedMs();
  BodyMode mode = BodyMode::Undecided;
  qint64 received = 0;
  QByteArray buffer;  // JSON or error body
  SseParser events(m_limits.maxEventBytes);
  ThinkFilter think;
  QString answer;
  bool done = false;
  int eventCount = 0;
  qint64 lastEventAt = -1;  // when the last whole event arrived; -1: none yet
  qint64 contentLength = -1;

  auto deliver = [&](const ThinkFilter::Output& out) {
    if (out.discardShown) {
      answer.clear();
      Q_EMIT textDiscarded();
    }
    if (!out.visible.isEmpty()) {
      answer += out.visible;
      Q_EMIT textDelta(out.visible);
    }
  };
  auto streamError = [&](const SseEvent& event) {
    return QStringLiteral("the server at %1 reported an error in the stream: %2").arg(where, serverErrorMessage(event.data));
  };
  // Applies one parsed chunk or body; returns false (with result failed) on a server error.
  auto takePiece = [&](const ChatPiece& piece) {
    if (!piece.model.isEmpty()) result.model = piece.model;
    if (!piece.serverError.isEmpty()) {
      fail(VlmErrorKind::Http, QStringLiteral("the server at %1 reported an error: %2").arg(where, piece.serverError));
      return false;
    }
    if (piece.hadReasoning) result.droppedReasoning = true;
    if (!piece.finishReason.isEmpty()) result.finishReason = piece.finishReason;
    if (!piece.content.isEmpty()) deliver(think.feed(piece.content));
    return true;
  };

  for (;;) {
    if (m_cancelRequested) co_return fail(VlmErrorKind::Cancelled, QStringLiteral("cancelled"));

    // Headers: status, then what kind of body follows.
    if (mode == BodyMode::Undecided) {
      const QVariant status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
      if (status.isValid()) {
        sent = true;
        result.httpStatus = status.toInt();
        contentLength = reply->header(QNetworkRequest::ContentLengthHeader).isValid()
                            ? reply->header(QNetworkRequest::ContentLengthHeader).toLongLong()
                            : -1;
        if (result.httpStatus < 200 || result.httpStatus >= 300) {
          mode = BodyMode::ErrorBody;
        } else {
          const QString type = reply->header(QNetworkRequest::ContentTypeHeader)
                                   .toString()
                                   .section(QLatin1Char(';'), 0, 0)
                                   .trimmed()
                                   .toLower();
          if (type == QLatin1String("text/event-stream")) {
            mode = BodyMode::Events;
            result.streamed = true;
            Q_EMIT progress(QStringLiteral("receiving the answer"));
          } else if (type == QLatin1String("application/json") || type.endsWith(QLatin1String("+json"))) {
            mode = BodyMode::Json;
            result.streamed = false;
            Q_EMIT progress(QStringLiteral("waiting for the answer"));
          } else {
            co_return fail(VlmErrorKind::ContentType,
                           QStringLiteral("%1 answered with content type '%2', expected text/event-stream or "
                                          "application/json; is it the server's OpenAI-compatible API "
                                          "(usually ending in /v1)?")
                               .arg(where, type.isEmpty() ? QStringLiteral("(none)") : type));
          }
          if (contentLength > m_limits.maxBodyBytes) {
            co_return fail(VlmErrorKind::TooLarge,
                           QStringLiteral("the response from %1 announces %2 bytes, more than the limit of %3")
                               .arg(where)
                               .arg(contentLength)
                               .arg(m_limits.maxBodyBytes));
          }
        }
      }
    }

    // Body bytes, read as they come and never more than the limits allow.
    while (mode != BodyMode::Undecided && !done && reply->bytesAvailable() > 0) {
      const QByteArray chunk = reply->read(64 << 10);
      received += chunk.size();
      if (mode == BodyMode::ErrorBody) {
        buffer += chunk.left(std::max<qint64>(0, m_limits.maxErrorBodyBytes - buffer.size()));
        if (received >= m_limits.maxErrorBodyBytes) done = true;  // enough to explain the error
        continue;
      }
      if (received > m_limits.maxBodyBytes) {
        co_return fail(VlmErrorKind::TooLarge,
                       QStringLiteral("the response from %1 exceeds the limit of %2 bytes; reading stopped")
                           .arg(where)
                           .arg(m_limits.maxBodyBytes));
      }
      if (mode == BodyMode::Json) {
        buffer += chunk;
        continue;
      }
      QList<SseEvent> parsed;
      QString sseError;
      if (!events.feed(chunk, parsed, &sseError)) {
        co_return fail(VlmErrorKind::TooLarge, QStringLiteral("the stream from %1: %2; reading stopped")
                                                   .arg(where, sseError));
      }
      if (!parsed.isEmpty()) lastEventAt = elapsedMs();
      for (const SseEvent& event : parsed) {
        ++eventCount;
        if (event.type == "error") co_return fail(VlmErrorKind::Http, streamError(event));
        if (event.data.trimmed() == "[DONE]") {
          done = true;
          break;
        }
        if (!isValidUtf8(event.data)) {
          co_return fail(VlmErrorKind::InvalidUtf8,
                         QStringLiteral("event %1 of the stream from %2 is not valid UTF-8").arg(eventCount).arg(where));
        }
        QString jsonError;
        const auto piece = parseChatJson(event.data, true, &jsonError);
        if (!piece) {
          co_return fail(VlmErrorKind::BadJson,
                         QStringLiteral("event %1 of the stream from %2 is not a chat completion chunk: %3")
                             .arg(eventCount)
                             .arg(where, jsonError));
        }
        if (!takePiece(*piece)) co_return result;
        if (m_cancelRequested) co_return fail(VlmErrorKind::Cancelled, QStringLiteral("cancelled"));
      }
    }

    if (done || reply->isFinished()) break;

    const qint64 now = elapsedMs();
    if (!sent && now - attemptStart >= m_limits.connectTimeoutMs) {
      co_return fail(VlmErrorKind::Connect, QStringLiteral("could not connect to %1 within %2 (the connect limit)")
                                                .arg(where, seconds(m_limits.connectTimeoutMs)));
    }
    // Events still coming move the limit on (whole events: a byte-by-byte drip does not).
    const qint64 silenceEnds = lastEventAt < 0 ? -1 : lastEventAt + m_limits.streamSilenceMs;
    const qint64 streamCap = std::max<qint64>(m_limits.streamMaxMs, deadlineMs);
    const qint64 limit = silenceEnds <= deadlineMs ? deadlineMs : std::min(silenceEnds, streamCap);
    if (now >= limit) {
      if (limit == deadlineMs)
        co_return fail(VlmErrorKind::Timeout,
                       QStringLiteral("no complete answer from %1 within %2 (the total time limit)%3")
                           .arg(where, seconds(deadlineMs),
                                received > 0 ? QStringLiteral("; %1 bytes had arrived").arg(received) : QString()));
      if (limit == streamCap)
        co_return fail(VlmErrorKind::Timeout,
                       QStringLiteral("no complete answer from %1 within %2 (the limit for a streamed answer), "
                                      "though it was still streaming: lower the VLM's max tokens, or use a faster "
                                      "model or machine")
                           .arg(where, seconds(limit)));
      co_return fail(VlmErrorKind::Timeout,
                     QStringLiteral("the answer from %1 stopped streaming: nothing for %2 after %3 events (the "
                                    "silence limit)")
                         .arg(where, seconds(m_limits.streamSilenceMs))
                         .arg(eventCount));
    }
    qint64 wait = limit - now;
    if (!sent) wait = std::min(wait, attemptStart + m_limits.connectTimeoutMs - now);
    co_await waitForWake(wait);
  }

  // The reply ended (or the stream said [DONE]).
  const QNetworkReply::NetworkError netError = done ? QNetworkReply::NoError : reply->error();
  if (mode == BodyMode::Undecided) {
    const QString reason = reply->errorString();
    switch (netError) {
      case QNetworkReply::ConnectionRefusedError:
      case QNetworkReply::HostNotFoundError:
      case QNetworkReply::SslHandshakeFailedError:
      case QNetworkReply::ProxyConnectionRefusedError:
      case QNetworkReply::ProxyNotFoundError:
      case QNetworkReply::UnknownProxyError:
      case QNetworkReply::NetworkSessionFailedError:
        co_return fail(VlmErrorKind::Connect,
                       QStringLiteral("could not connect to %1: %2 (is the server running at that address?)")
                           .arg(where, reason));
      default:
        co_return fail(VlmErrorKind::ConnectionLost,
                       QStringLiteral("%1 closed the connection without an HTTP answer: %2").arg(where, reason));
    }
  }
  if (mode == BodyMode::ErrorBody) {
    const int status = result.httpStatus;
    QString message = QStringLiteral("HTTP %1").arg(status);
    const QString phrase = reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
    if (!phrase.isEmpty()) message += QStringLiteral(" (%1)").arg(phrase);
    message += QStringLiteral(" from %1").arg(where);
    const QString serverSays = serverErrorMessage(buffer);
    if (!serverSays.isEmpty()) message += QStringLiteral(": ") + serverSays;
    if (status == 401 || status == 403) message += QStringLiteral(" (check the API key)");
    if (status == 404) message += QStringLiteral(" (check the endpoint URL, usually ending in /v1, and the model name)");
    if (status >= 300 && status < 400) {
      message += QStringLiteral(" (redirected to %1; use that address as the endpoint)")
                     .arg(reply->url()
                              .resolved(QUrl::fromEncoded(reply->rawHeader("Location")))
                              .toDisplayString(QUrl::RemoveUserInfo));
    }
    if (status == 429 || status == 503) {
      *retryable = true;
      if (reply->hasRawHeader("Retry-After")) {
        if (const auto ms = parseRetryAfterMs(reply->rawHeader("Retry-After"), QDateTime::currentDateTimeUtc())) {
          *retryAfterMs = *ms;
        }
      }
    }
    co_return fail(VlmErrorKind::Http, message);
  }
  if (netError != QNetworkReply::NoError) {
    co_return fail(VlmErrorKind::ConnectionLost,
                   QStringLiteral("the connection to %1 was lost after %2 bytes of the answer: %3")
                       .arg(where)
                       .arg(received)
                       .arg(reply->errorString()));
  }
  if (mode == BodyMode::Json) {
    if (contentLength >= 0 && received < contentLength) {
      co_return fail(VlmErrorKind::ConnectionLost, QStringLiteral("the answer from %1 ended after %2 of %3 bytes")
                                                       .arg(where)
                                                       .arg(received)
                                                       .arg(contentLength));
    }
    if (!isValidUtf8(buffer)) {
      co_return fail(VlmErrorKind::InvalidUtf8, QStringLiteral("the answer from %1 is not valid UTF-8").arg(where));
    }
    QString jsonError;
    const auto piece = parseChatJson(buffer, false, &jsonError);
    if (!piece) {
      co_return fail(VlmErrorKind::BadJson,
                     QStringLiteral("the answer from %1 is not a chat completion: %2").arg(where, jsonError));
    }
    if (!takePiece(*piece)) co_return result;
  } else {
    QList<SseEvent> tail;
    events.finish(tail);
    for (const SseEvent& event : tail) {
      if (event.type == "error") co_return fail(VlmErrorKind::Http, streamError(event));
      if (event.data.trimmed() == "[DONE]") {
        done = true;
      } else if (isValidUtf8(event.data)) {
        if (const auto piece = parseChatJson(event.data, true, nullptr)) {
          if (!takePiece(*piece)) co_return result;
        }
      }
    }
    if (!done && result.finishReason.isEmpty()) {
      co_return fail(VlmErrorKind::ConnectionLost,
                     QStringLiteral("the stream from %1 ended before the model finished (no [DONE] after %2 bytes)")
                         .arg(where)
                         .arg(received));
    }
  }

  deliver(think.finish());
  if (think.sawThinking()) result.droppedReasoning = true;
  result.text = answer.trimmed();
  if (result.finishReason == QLatin1String("length")) {
    result.warnings << QStringLiteral("the answer was cut off at the token limit (max_tokens %1; raise it in Settings "
                                      "\u25b8 VLM \u25b8 Token limit, or with ifedit-cli --max-tokens)")
                           .arg(request.maxTokens);
  }
  if (result.text.isEmpty()) {
    co_return fail(VlmErrorKind::EmptyAnswer,
                   think.insideThink() || result.droppedReasoning
                       ? QStringLiteral("the model at %1 only produced reasoning and no prompt (finish reason '%2'); "
                                        "raise the token limit (max_tokens %3: Settings \u25b8 VLM \u25b8 Token limit, "
                                        "or ifedit-cli --max-tokens) or use the model without thinking")
                             .arg(where, result.finishReason)
                             .arg(request.maxTokens)
                       : QStringLiteral("the model at %1 returned an empty answer").arg(where));
  }
  co_return result;
}

}  // namespace ifedit::app

#include "vlm_client.moc"
