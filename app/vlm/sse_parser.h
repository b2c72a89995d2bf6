#pragma once
// Server-sent events (the text/event-stream format of streamed chat completions), read
// incrementally with a bound on how large one event may grow, so a server that never sends a
// line break cannot make the client buffer without limit.
#include <QByteArray>
#include <QList>
#include <QString>

namespace ifedit::app {

struct SseEvent {
  QByteArray type;  // the "event:" field; empty for the default "message"
  QByteArray data;  // "data:" lines joined with '\n'
};

class SseParser {
 public:
  explicit SseParser(qsizetype maxEventBytes) : m_maxEventBytes(maxEventBytes) {}

  // Appends received bytes and moves every completed event into `events`. Returns false with
  // *error set when a single event exceeds maxEventBytes.
  bool feed(const QByteArray& bytes, QList<SseEvent>& events, QString* error);
  // End of stream: dispatches an event whose terminating blank line never came.
  void finish(QList<SseEvent>& events);

 private:
  void processLine(QByteArrayView line, QList<SseEvent>& events);
  void dispatch(QList<SseEvent>& events);

  qsizetype m_maxEventBytes;
  QByteArray m_line;  // bytes of the unfinished line
  SseEvent m_event;   // fields of the unfinished event
  bool m_hasData = false;
  bool m_skipLeadingLf = false;  // the previous chunk ended in '\r' of a "\r\n" pair
};

}  // namespace ifedit::app
