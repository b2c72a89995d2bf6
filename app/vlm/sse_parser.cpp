#include "app/vlm/sse_parser.h"

namespace ifedit::app {

bool SseParser::feed(const QByteArray& bytes, QList<SseEvent>& events, QString* error) {
  qsizetype pos = 0;
  if (m_skipLeadingLf && !bytes.isEmpty()) {
    if (bytes.at(0) == '\n') pos = 1;
    m_skipLeadingLf = false;
  }
  while (pos < bytes.size()) {
    qsizetype end = pos;
    while (end < bytes.size() && bytes.at(end) != '\n' && bytes.at(end) != '\r') ++end;
    m_line.append(bytes.constData() + pos, end - pos);
    if (m_line.size() + m_event.data.size() > m_maxEventBytes) {
      if (error) {
        *error = QStringLiteral("a server-sent event exceeds the limit of %1 bytes").arg(m_maxEventBytes);
      }
      return false;
    }
    if (end == bytes.size()) break;  // line continues in the next chunk
    // Line terminator: "\r\n", "\n" or "\r" (all three are valid in text/event-stream).
    if (bytes.at(end) == '\r') {
      if (end + 1 < bytes.size()) {
        if (bytes.at(end + 1) == '\n') ++end;
      } else {
        m_skipLeadingLf = true;
      }
    }
    processLine(m_line, events);
    m_line.clear();
    pos = end + 1;
  }
  return true;
}

void SseParser::finish(QList<SseEvent>& events) {
  if (!m_line.isEmpty()) {
    processLine(m_line, events);
    m_line.clear();
  }
  dispatch(events);
}

void SseParser::processLine(QByteArrayView line, QList<SseEvent>& events) {
  if (line.isEmpty()) {
    dispatch(events);
    return;
  }
  if (line.front() == ':') return;  // comment / keep-alive
  const qsizetype colon = line.indexOf(':');
  QByteArrayView field = colon < 0 ? line : line.first(colon);
  QByteArrayView value = colon < 0 ? QByteArrayView() : line.sliced(colon + 1);
  if (!value.isEmpty() && value.front() == ' ') value = value.sliced(1);
  if (field == "data") {
    if (m_hasData) m_event.data.append('\n');
    m_event.data.append(value.data(), value.size());
    m_hasData = true;
  } else if (field == "event") {
    m_event.type = value.toByteArray();
  } else if (field == "error") {
    // Not a standard field, but llama.cpp's server (2025 builds) reports a failure inside a 200
    // stream as "error: {json}" followed by "data: [DONE]": an event of type "error".
    m_event.type = QByteArrayLiteral("error");
    if (m_hasData) m_event.data.append('\n');
    m_event.data.append(value.data(), value.size());
    m_hasData = true;
  }
  // "id" and "retry" do not matter for a single request.
}

void SseParser::dispatch(QList<SseEvent>& events) {
  if (m_hasData) events.append(std::move(m_event));
  m_event = SseEvent{};
  m_hasData = false;
}

}  // namespace ifedit::app
