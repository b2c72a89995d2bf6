#pragma once
// HTTP Retry-After (RFC 9110 §10.2.3): either a number of seconds or an HTTP date.
#include <QByteArray>
#include <QDateTime>
#include <optional>

namespace ifedit::app {

// The wait in milliseconds the header asks for (0 for a date in the past), or nullopt when the
// value is neither a non-negative integer nor an HTTP date (IMF-fixdate, RFC 850 or asctime).
std::optional<qint64> parseRetryAfterMs(const QByteArray& value, const QDateTime& now);

}  // namespace ifedit::app
