#include "app/vlm/retry_after.h"

#include <QLocale>
#include <QString>
#include <QTimeZone>

namespace ifedit::app {
namespace {

std::optional<QDateTime> parseHttpDate(const QString& text) {
  // The weekday is redundant and, in two-digit-year RFC 850 dates, would contradict the century
  // QLocale assumes; it is dropped before parsing. HTTP dates are always GMT.
  QString rest = text.simplified();
  const qsizetype comma = rest.indexOf(QLatin1Char(','));
  if (comma >= 0) {
    rest = rest.mid(comma + 1).trimmed();
  } else {
    rest = rest.section(QLatin1Char(' '), 1);  // asctime: "Sun Nov 6 08:49:37 1994"
  }
  const QLocale c = QLocale::c();
  static const char* const formats[] = {
      "dd MMM yyyy HH:mm:ss 'GMT'",  // IMF-fixdate, the one servers send today
      "dd-MMM-yy HH:mm:ss 'GMT'",    // obsolete RFC 850
      "MMM d HH:mm:ss yyyy",         // obsolete asctime
  };
  for (const char* f : formats) {
    QDateTime dt = c.toDateTime(rest, QLatin1String(f));
    if (dt.isValid()) {
      if (dt.date().year() < 1970) dt = dt.addYears(100);  // two-digit years of RFC 850
      return QDateTime(dt.date(), dt.time(), QTimeZone::utc());
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<qint64> parseRetryAfterMs(const QByteArray& value, const QDateTime& now) {
  const QByteArray trimmed = value.trimmed();
  if (trimmed.isEmpty()) return std::nullopt;
  bool isNumber = true;
  for (char ch : trimmed) isNumber = isNumber && ch >= '0' && ch <= '9';
  if (isNumber) {
    bool ok = false;
    const qint64 seconds = trimmed.size() <= 12 ? trimmed.toLongLong(&ok) : 0;
    if (!ok) return std::nullopt;
    return seconds * 1000;
  }
  const auto date = parseHttpDate(QString::fromLatin1(trimmed));
  if (!date) return std::nullopt;
  return std::max<qint64>(0, now.msecsTo(*date));
}

}  // namespace ifedit::app
