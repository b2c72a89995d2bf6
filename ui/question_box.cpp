#include "ui/question_box.h"

#include <QMessageBox>
#include <QPushButton>

namespace ifedit::ui {

QMessageBox* askBeforeLosing(QWidget* parent, const QString& objectName, const QString& title, const QString& text,
                             const QString& proceed, std::function<void(bool)> onAnswer, const QString& keep) {
  auto* box = new QMessageBox(QMessageBox::Question, title, text, QMessageBox::Cancel, parent);
  box->setObjectName(objectName);
  box->setAttribute(Qt::WA_DeleteOnClose);
  QPushButton* go = box->addButton(proceed, QMessageBox::DestructiveRole);
  if (!keep.isEmpty()) box->button(QMessageBox::Cancel)->setText(keep);
  box->setDefaultButton(QMessageBox::Cancel);
  QObject::connect(box, &QMessageBox::finished, box,
                   [box, go, onAnswer = std::move(onAnswer)] { onAnswer(box->clickedButton() == go); });
  box->open();
  return box;
}

}  // namespace ifedit::ui
