#include "ui/session_connections.h"

#include <QUndoStack>

#include "app/session/edit_history.h"
#include "app/session/edit_session.h"
#include "app/session/evolution_timeline.h"

namespace ifedit::ui {

void disconnectFromSession(const app::EditSession* session, const QObject* receiver) {
  if (!session) return;
  QObject::disconnect(session, nullptr, receiver, nullptr);
  QObject::disconnect(session->timeline(), nullptr, receiver, nullptr);
  QObject::disconnect(session->history(), nullptr, receiver, nullptr);
  QObject::disconnect(session->undoStack(), nullptr, receiver, nullptr);
}

}  // namespace ifedit::ui
