#include "ui/form_labels.h"

#include <QFormLayout>
#include <QLabel>
#include <QLayout>
#include <QWidget>

namespace ifedit::ui {
namespace {

QWidget* firstFocusable(QLayout* layout) {
  for (int i = 0; i < layout->count(); ++i) {
    QLayoutItem* item = layout->itemAt(i);
    if (QWidget* w = item->widget(); w && (w->focusPolicy() & Qt::TabFocus)) return w;
    if (QLayout* inner = item->layout())
      if (QWidget* w = firstFocusable(inner)) return w;
  }
  return nullptr;
}

}  // namespace

void bindGroupedRowLabels(QFormLayout* form) {
  for (int row = 0; row < form->rowCount(); ++row) {
    QLayoutItem* labelItem = form->itemAt(row, QFormLayout::LabelRole);
    QLayoutItem* fieldItem = form->itemAt(row, QFormLayout::FieldRole);
    auto* label = labelItem ? qobject_cast<QLabel*>(labelItem->widget()) : nullptr;
    if (!label || label->buddy() || !fieldItem || !fieldItem->layout()) continue;
    if (QWidget* field = firstFocusable(fieldItem->layout())) label->setBuddy(field);
  }
}

}  // namespace ifedit::ui
