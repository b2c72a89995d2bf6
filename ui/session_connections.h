#pragma once
// Widgets follow one EditSession at a time (setSession). Pointing one at another session must cut
// every connection it made to the old one, including those to the objects the session owns.
class QObject;

namespace ifedit::app {
class EditSession;
}

namespace ifedit::ui {

// Disconnects `receiver` from `session` and from its timeline, history and undo stack (nothing for
// a null session).
void disconnectFromSession(const app::EditSession* session, const QObject* receiver);

}  // namespace ifedit::ui
