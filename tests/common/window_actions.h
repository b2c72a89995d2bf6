#pragma once
// What a user does to a window in the GUI tests, shared by tests/ui and tests/editor_flow: answer
// its message box, drag files onto it.
#include <QApplication>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QList>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QTest>
#include <QUrl>
#include <QWidget>

namespace ifedit::testui {

// The message boxes `window` shows now.
inline QList<QMessageBox*> openBoxes(QWidget* window) {
  QList<QMessageBox*> boxes;
  for (QMessageBox* b : window->findChildren<QMessageBox*>())
    if (b->isVisible()) boxes << b;
  return boxes;
}

// Closes the one visible message box of `window` with OK and returns its text; "<...>" when there
// is not exactly one box or it does not close.
inline QString takeMessage(QWidget* window) {
  const QList<QMessageBox*> boxes = openBoxes(window);
  if (boxes.size() != 1) return QStringLiteral("<%1 message boxes>").arg(boxes.size());
  QMessageBox* box = boxes.first();
  const QString text = box->text();
  QPointer<QMessageBox> guard(box);
  QTest::mouseClick(box->button(QMessageBox::Ok), Qt::LeftButton);
  if (!QTest::qWaitFor([&] { return guard.isNull(); }, 2000)) return QStringLiteral("<box not closed>");
  return text;
}

struct DropOutcome {
  bool entered = false;  // the drag was accepted on entering
  bool dropped = false;  // the drop was accepted (false when the drag was refused: no drop then)
};

// Drags `urls` onto the centre of `target` and drops them there if it accepts the drag, as the
// window system would.
inline DropOutcome dropUrls(QWidget* target, const QList<QUrl>& urls) {
  QMimeData mime;
  mime.setUrls(urls);
  const QPoint at = target->rect().center();
  QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(target, &enter);
  DropOutcome outcome;
  outcome.entered = enter.isAccepted();
  if (!outcome.entered) return outcome;
  QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
  QApplication::sendEvent(target, &drop);
  outcome.dropped = drop.isAccepted();
  return outcome;
}

inline DropOutcome dropFile(QWidget* target, const QString& path) {
  return dropUrls(target, {QUrl::fromLocalFile(path)});
}

}  // namespace ifedit::testui
