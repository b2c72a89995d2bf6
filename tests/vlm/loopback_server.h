#pragma once
// A real HTTP/1.1 server on 127.0.0.1 (ephemeral port) for the VLM tests. Each parsed request is
// recorded and handed to the test's handler, which writes whatever answer the case needs:
// a whole response, a chunked event stream written over time, garbage, or a reset.
#include <QElapsedTimer>
#include <QHostAddress>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <functional>
#include <memory>
#include <sys/socket.h>

namespace ifedit::test {

struct HttpRequest {
  QByteArray method;
  QByteArray path;
  QMap<QByteArray, QByteArray> headers;  // names lower-cased
  QByteArray body;
  qint64 arrivedMs = 0;  // since the server started
};

class LoopbackServer {
 public:
  using Handler = std::function<void(QTcpSocket* socket, const HttpRequest& request, int index)>;

  explicit LoopbackServer(Handler handler) : m_handler(std::move(handler)) {
    m_clock.start();
    m_server.listen(QHostAddress::LocalHost, 0);
    QObject::connect(&m_server, &QTcpServer::newConnection, &m_server, [this] {
      while (QTcpSocket* s = m_server.nextPendingConnection()) accept(s);
    });
  }

  bool isListening() const { return m_server.isListening(); }
  quint16 port() const { return m_server.serverPort(); }
  QUrl baseUrl() const { return QUrl(QStringLiteral("http://127.0.0.1:%1/v1").arg(port())); }

  QList<HttpRequest> requests;
  int disconnects = 0;  // client connections that ended

 private:
  void accept(QTcpSocket* s) {
    auto buffer = std::make_shared<QByteArray>();
    QObject::connect(s, &QTcpSocket::readyRead, s, [this, s, buffer] {
      *buffer += s->readAll();
      for (;;) {
        const qsizetype headEnd = buffer->indexOf("\r\n\r\n");
        if (headEnd < 0) return;
        HttpRequest r;
        const QList<QByteArray> lines = buffer->left(headEnd).split('\n');
        const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
        r.method = first.value(0);
        r.path = first.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
          const qsizetype colon = lines[i].indexOf(':');
          if (colon > 0) r.headers[lines[i].left(colon).trimmed().toLower()] = lines[i].mid(colon + 1).trimmed();
        }
        const qsizetype length = r.headers.value("content-length", "0").toLongLong();
        if (buffer->size() < headEnd + 4 + length) return;
        r.body = buffer->mid(headEnd + 4, length);
        r.arrivedMs = m_clock.elapsed();
        buffer->remove(0, headEnd + 4 + length);
        requests.append(r);
        m_handler(s, r, int(requests.size()) - 1);
      }
    });
    QObject::connect(s, &QTcpSocket::disconnected, s, [this, s] {
      ++disconnects;
      s->deleteLater();
    });
  }

  Handler m_handler;
  QElapsedTimer m_clock;
  QTcpServer m_server;  // last: its sockets (and their callbacks) go before the members above
};

// ---- answers ----

inline QByteArray reasonPhrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 401: return "Unauthorized";
    case 404: return "Not Found";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    default: return "Status";
  }
}

inline void writeHead(QTcpSocket* s, int status, const QList<QPair<QByteArray, QByteArray>>& headers) {
  QByteArray head = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
  for (const auto& [name, value] : headers) head += name + ": " + value + "\r\n";
  s->write(head + "\r\n");
}

// A complete response with Content-Length; the connection closes after it.
inline void respond(QTcpSocket* s, int status, const QByteArray& contentType, const QByteArray& body,
                    QList<QPair<QByteArray, QByteArray>> extra = {}) {
  using Header = QPair<QByteArray, QByteArray>;
  extra.prepend(Header("Content-Length", QByteArray::number(body.size())));
  extra.prepend(Header("Content-Type", contentType));
  extra.append(Header("Connection", "close"));
  writeHead(s, status, extra);
  s->write(body);
  s->disconnectFromHost();
}

inline void startEventStream(QTcpSocket* s, const QByteArray& contentType = "text/event-stream") {
  writeHead(s, 200, {{"Content-Type", contentType}, {"Cache-Control", "no-cache"},
                     {"Transfer-Encoding", "chunked"}, {"Connection", "close"}});
}

inline void sendChunk(QTcpSocket* s, const QByteArray& data) {
  s->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
}

inline void endChunks(QTcpSocket* s) {
  s->write("0\r\n\r\n");
  s->disconnectFromHost();
}

// Closes with a TCP reset (SO_LINGER 0) instead of an orderly shutdown.
inline void resetConnection(QTcpSocket* s) {
  s->flush();
  const linger hard{1, 0};
  ::setsockopt(int(s->socketDescriptor()), SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  s->abort();
}

inline void later(QTcpSocket* s, int ms, std::function<void()> f) { QTimer::singleShot(ms, s, std::move(f)); }

inline QByteArray sseEvent(const QByteArray& data) { return "data: " + data + "\n\n"; }

// One streamed chat completion chunk.
inline QByteArray deltaJson(const QString& content, const QString& finishReason = {},
                            const char* reasoningField = nullptr, const QString& reasoning = {}) {
  QJsonObject delta;
  if (!content.isNull()) delta.insert(QStringLiteral("content"), content);
  if (reasoningField) delta.insert(QLatin1String(reasoningField), reasoning);
  QJsonObject choice{{QStringLiteral("index"), 0}, {QStringLiteral("delta"), delta}};
  choice.insert(QStringLiteral("finish_reason"),
                finishReason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(finishReason));
  const QJsonObject root{{QStringLiteral("id"), QStringLiteral("chatcmpl-test")},
                         {QStringLiteral("object"), QStringLiteral("chat.completion.chunk")},
                         {QStringLiteral("model"), QStringLiteral("test-model")},
                         {QStringLiteral("choices"), QJsonArray{choice}}};
  return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

// A whole (non-streamed) chat completion.
inline QByteArray completionJson(const QString& content, const QString& reasoningContent = {}) {
  QJsonObject message{{QStringLiteral("role"), QStringLiteral("assistant")}, {QStringLiteral("content"), content}};
  if (!reasoningContent.isEmpty()) message.insert(QStringLiteral("reasoning_content"), reasoningContent);
  const QJsonObject root{
      {QStringLiteral("id"), QStringLiteral("chatcmpl-test")},
      {QStringLiteral("object"), QStringLiteral("chat.completion")},
      {QStringLiteral("model"), QStringLiteral("test-model")},
      {QStringLiteral("choices"),
       QJsonArray{QJsonObject{{QStringLiteral("index"), 0},
                              {QStringLiteral("message"), message},
                              {QStringLiteral("finish_reason"), QStringLiteral("stop")}}}}};
  return QJsonDocument(root).toJson(QJsonDocument::Compact);
}

}  // namespace ifedit::test
