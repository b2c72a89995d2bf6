#pragma once
// A question asked before something is lost (an evolution, typed words, unexported results).
#include <QString>
#include <functional>

class QMessageBox;
class QWidget;

namespace ifedit::ui {

// Window-modal but not blocking (open(), not exec()), so nothing waits in a nested event loop and
// tests find the box by `objectName`. Cancel (named `keep` when given) is the default; `proceed`
// names the destructive choice. `onAnswer(true)` when it was taken, `onAnswer(false)` otherwise.
QMessageBox* askBeforeLosing(QWidget* parent, const QString& objectName, const QString& title, const QString& text,
                             const QString& proceed, std::function<void(bool)> onAnswer, const QString& keep = {});

}  // namespace ifedit::ui
