#include "app/vlm/vlm_protocol.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringDecoder>

#include "app/vlm/vlm_client.h"
#include "app/vlm/vlm_endpoint.h"

namespace ifedit::app {
namespace {

QString oneLine(QString text, int maxChars) {
  for (QChar& ch : text) {
    if (ch.isSpace() || !ch.isPrint()) ch = QLatin1Char(' ');
  }
  text = text.simplified();
  if (text.size() > maxChars) text = text.left(maxChars) + QStringLiteral("...");
  return text;
}

// content may be a string or (in newer servers) an array of {"type":"text","text":...} parts.
QString contentText(const QJsonValue& value) {
  if (value.isString()) return value.toString();
  QString text;
  if (value.isArray()) {
    for (const QJsonValue& part : value.toArray()) {
      const QJsonObject p = part.toObject();
      if (p.value(QLatin1String("type")).toString() == QLatin1String("text")) {
        text += p.value(QLatin1String("text")).toString();
      }
    }
  }
  return text;
}

bool hasText(const QJsonValue& v) {
  return (v.isString() && !v.toString().isEmpty()) || (v.isArray() && !v.toArray().isEmpty());
}

}  // namespace

QByteArray chatRequestJson(const VlmEndpoint& endpoint, const VlmChatRequest& request) {
  QJsonArray userContent;
  if (!request.imageDataUrl.isEmpty()) {
    // Image before text: the order Qwen-VL and most vision chat templates are trained on.
    userContent.append(QJsonObject{
        {QStringLiteral("type"), QStringLiteral("image_url")},
        {QStringLiteral("image_url"),
         QJsonObject{{QStringLiteral("url"), QString::fromLatin1(request.imageDataUrl)}}}});
  }
  userContent.append(QJsonObject{{QStringLiteral("type"), QStringLiteral("text")},
                                 {QStringLiteral("text"), request.userText}});
  QJsonArray messages;
  if (!request.systemPrompt.isEmpty()) {
    messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("system")},
                                {QStringLiteral("content"), request.systemPrompt}});
  }
  messages.append(QJsonObject{{QStringLiteral("role"), QStringLiteral("user")},
                              {QStringLiteral("content"), userContent}});
  QJsonObject body{
      {QStringLiteral("model"), endpoint.model},
      {QStringLiteral("messages"), messages},
      {QStringLiteral("stream"), request.stream},
      {QStringLiteral("temperature"), request.temperature},
      {QStringLiteral("max_tokens"), request.maxTokens},
  };
  return QJsonDocument(body).toJson(QJsonDocument::Compact);
}

std::optional<ChatPiece> parseChatJson(const QByteArray& json, bool isChunk, QString* error) {
  QJsonParseError parseError;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
  if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
    if (error) {
      *error = parseError.error != QJsonParseError::NoError
                   ? QStringLiteral("malformed JSON (%1 at offset %2): '%3'")
                         .arg(parseError.errorString())
                         .arg(parseError.offset)
                         .arg(snippet(json))
                   : QStringLiteral("expected a JSON object, got '%1'").arg(snippet(json));
    }
    return std::nullopt;
  }
  const QJsonObject root = doc.object();
  ChatPiece piece;
  piece.model = root.value(QLatin1String("model")).toString();
  if (root.contains(QLatin1String("error"))) {
    piece.serverError = serverErrorMessage(json);
    return piece;
  }
  const QJsonValue choicesValue = root.value(QLatin1String("choices"));
  if (!choicesValue.isArray()) {
    if (error) *error = QStringLiteral("no \"choices\" array in '%1'").arg(snippet(json));
    return std::nullopt;
  }
  const QJsonArray choices = choicesValue.toArray();
  if (choices.isEmpty()) {
    // Streams may end with a usage-only chunk whose choices are empty.
    if (isChunk) return piece;
    if (error) *error = QStringLiteral("\"choices\" is empty in '%1'").arg(snippet(json));
    return std::nullopt;
  }
  const QJsonObject choice = choices.first().toObject();
  const QLatin1String field = isChunk ? QLatin1String("delta") : QLatin1String("message");
  const QJsonValue messageValue = choice.value(field);
  if (!messageValue.isObject() && !(isChunk && messageValue.isUndefined())) {
    if (error) *error = QStringLiteral("no \"choices[0].%1\" object in '%2'").arg(field).arg(snippet(json));
    return std::nullopt;
  }
  const QJsonObject message = messageValue.toObject();
  const QJsonValue content = message.value(QLatin1String("content"));
  if (!content.isString() && !content.isArray() && !content.isNull() && !content.isUndefined()) {
    if (error) {
      *error = QStringLiteral("\"choices[0].%1.content\" is neither text nor null in '%2'")
                   .arg(field, snippet(json));
    }
    return std::nullopt;
  }
  piece.content = contentText(content);
  piece.hadReasoning = hasText(message.value(QLatin1String("reasoning_content"))) ||
                       hasText(message.value(QLatin1String("reasoning")));
  const QJsonValue finish = choice.value(QLatin1String("finish_reason"));
  if (finish.isString()) piece.finishReason = finish.toString();
  return piece;
}

QString serverErrorMessage(const QByteArray& body, int maxChars) {
  if (!isValidUtf8(body)) return QStringLiteral("(the error body is not text)");
  const QJsonDocument doc = QJsonDocument::fromJson(body);
  if (doc.isObject()) {
    const QJsonObject root = doc.object();
    for (const char* key : {"error", "detail", "message"}) {
      const QJsonValue v = root.value(QLatin1String(key));
      if (v.isString()) return oneLine(v.toString(), maxChars);
      if (v.isObject()) {
        const QJsonValue m = v.toObject().value(QLatin1String("message"));
        if (m.isString()) return oneLine(m.toString(), maxChars);
      }
      if (v.isArray() || v.isObject()) {
        const QByteArray compact = v.isArray() ? QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact)
                                               : QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact);
        return oneLine(QString::fromUtf8(compact), maxChars);
      }
    }
  }
  return oneLine(QString::fromUtf8(body), maxChars);
}

bool isValidUtf8(const QByteArray& bytes) {
  QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
  const QString decoded = decoder.decode(bytes);  // decode() is lazy: converting runs it
  return !decoder.hasError();
}

QString snippet(const QByteArray& bytes, int maxChars) {
  return oneLine(QString::fromUtf8(bytes.left(maxChars * 4)), maxChars);
}

}  // namespace ifedit::app
