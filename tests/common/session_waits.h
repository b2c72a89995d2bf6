#pragma once
// Waiting for an EditSession to reach a state, shared by the session, editor and stall tests.
// A failed engine run ends the wait at once and prints the engine's message: the state it waits
// for would never come, and a minute-long silent timeout at every wait hides the cause.
#include <QObject>
#include <QString>
#include <QTest>
#include <QtGlobal>

#include "app/session/edit_session.h"

namespace ifedit::testsession {

inline bool waitForState(app::EditSession& s, app::EditSession::State state, int ms = 60000) {
  QString failure;
  const auto connection =
      QObject::connect(&s, &app::EditSession::runFailed, [&failure](const QString& m) { failure = m; });
  const bool reached = QTest::qWaitFor([&] { return s.state() == state || !failure.isEmpty(); }, ms);
  QObject::disconnect(connection);
  if (!failure.isEmpty()) {
    qWarning("waitForState: the engine run failed: %s", qPrintable(failure));
    return false;
  }
  return reached;
}

}  // namespace ifedit::testsession
